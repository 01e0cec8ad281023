using Coffer.Core.Crypto;

namespace Coffer.Core.Keys;

/// <summary>
/// Imported key objects kept per key version, so a sign, verify, wrap, unwrap, encrypt or decrypt does not unseal, parse
/// and import the key every time. Only the key object is kept: each request still reads the version from the store and
/// checks access and attributes. An entry is keyed by vault, name and version and holds the sealed material it was made
/// from, which the request's stored version must equal byte for byte: material sealed again (a restore over a purged
/// key) is never served from an older object, whether or not its eviction was heard.
/// <para>
/// An entry lends its objects one caller at a time (<see cref="KeyLease"/>), importing another when all are out. Evicted
/// entries (a change to the key or its vault, <see cref="Evict"/>; or the least recently used past the limits) dispose
/// their idle objects and zero their material at once; an object out on lease is disposed when it comes back, never under
/// the request using it.
/// </para>
/// </summary>
public sealed class KeyObjectCache(KeyObjectCacheLimits limits) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<KeyVersionRef, KeyCacheEntry> _entries = [];
    private readonly LinkedList<KeyCacheEntry> _recency = []; // most recently used first
    private long _bytes;
    private long _evictions;

    public KeyObjectCacheLimits Limits { get; } = limits;

    /// <summary>Key versions held.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Estimated memory of the cached material and key objects, those out on lease included.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>Whether any version of the key <paramref name="name"/> in <paramref name="vault"/> is held.</summary>
    public bool Holds(string vault, string name)
    {
        var key = KeyVersionRef.For(vault, name, string.Empty);
        lock (_gate)
        {
            return _entries.Keys.Any(id => id.IsOf(key));
        }
    }

    /// <summary>
    /// Counts evictions for a change. Read it before reading a version from the store and pass it to <see cref="Lease"/>:
    /// an object made while a change was evicting is used once and not kept, so it cannot outlive the eviction.
    /// </summary>
    public long Evictions => Interlocked.Read(ref _evictions);

    /// <summary>
    /// A key object for <paramref name="version"/> whose material is sealed as <paramref name="sealedMaterial"/>: from the
    /// cache, or imported from what <paramref name="open"/> returns (the unsealed material, owned by the cache from then on).
    /// </summary>
    public KeyLease Lease(KeyVersionRef version, byte[] sealedMaterial, long evictionsSeen, Func<JsonWebKeyMaterial> open)
    {
        KeyCacheEntry? hit = null;
        KeyCacheEntry.Disposal stale = default;
        lock (_gate)
        {
            if (_entries.TryGetValue(version, out var entry))
            {
                if (entry.SealedMaterial.AsSpan().SequenceEqual(sealedMaterial))
                {
                    Touch(entry);
                    entry.Leased++;
                    if (entry.Idle.TryPop(out var idle))
                    {
                        return new KeyLease(this, entry, idle);
                    }

                    hit = entry;
                }
                else
                {
                    stale = Remove(entry);
                }
            }
        }

        stale.Run();
        return hit is null ? LeaseFromNewEntry(version, sealedMaterial, evictionsSeen, open) : LeaseAnother(hit);
    }

    /// <summary>Drops every cached version of the key <paramref name="name"/> in <paramref name="vault"/>.</summary>
    public void Evict(string vault, string name)
    {
        var key = KeyVersionRef.For(vault, name, string.Empty);
        EvictWhere(id => id.IsOf(key));
    }

    /// <summary>Drops every cached key of <paramref name="vault"/>.</summary>
    public void EvictVault(string vault)
    {
        var key = vault.ToLowerInvariant();
        EvictWhere(id => id.Vault == key);
    }

    public void EvictAll() => EvictWhere(_ => true);

    public void Dispose() => EvictAll();

    /// <summary>A lease's object comes back: kept for the next caller, or disposed when its entry was evicted meanwhile.</summary>
    internal void Return(KeyCacheEntry entry, ImportedKey key)
    {
        KeyCacheEntry.Disposal disposal;
        lock (_gate)
        {
            entry.Leased--;
            if (!entry.Evicted)
            {
                entry.Idle.Push(key);
                return;
            }

            disposal = entry.TakeDisposal(key);
        }

        disposal.Run();
    }

    /// <summary>One more object for a cached entry whose objects are all out (its material stays while it is leased).</summary>
    private KeyLease LeaseAnother(KeyCacheEntry entry)
    {
        ImportedKey key;
        try
        {
            key = ImportedKey.From(entry.Material);
        }
        catch
        {
            lock (_gate)
            {
                entry.Leased--;
            }

            throw;
        }

        List<KeyCacheEntry.Disposal>? trimmed = null;
        lock (_gate)
        {
            entry.Bytes += key.EstimatedBytes;
            if (!entry.Evicted)
            {
                _bytes += key.EstimatedBytes;
                trimmed = Trim(entry);
            }
        }

        KeyCacheEntry.Disposal.RunAll(trimmed);
        return new KeyLease(this, entry, key);
    }

    private KeyLease LeaseFromNewEntry(KeyVersionRef version, byte[] sealedMaterial, long evictionsSeen, Func<JsonWebKeyMaterial> open)
    {
        var material = open();
        ImportedKey key;
        try
        {
            key = ImportedKey.From(material);
        }
        catch
        {
            material.ZeroPrivateParts();
            throw;
        }

        var entry = new KeyCacheEntry(version, sealedMaterial, material, key.EstimatedBytes) { Leased = 1 };
        List<KeyCacheEntry.Disposal>? dropped = null;
        lock (_gate)
        {
            if (Limits.MaxKeys > 0 && Evictions == evictionsSeen)
            {
                if (_entries.TryGetValue(version, out var other))
                {
                    (dropped ??= []).Add(Remove(other)); // another request cached it meanwhile; the newest wins
                }

                _entries.Add(version, entry);
                entry.Node = _recency.AddFirst(entry);
                _bytes += entry.Bytes;
                dropped = Trim(entry, dropped);
            }
            else
            {
                entry.Evicted = true; // not kept: disposed when the lease comes back
            }
        }

        KeyCacheEntry.Disposal.RunAll(dropped);
        return new KeyLease(this, entry, key);
    }

    private void EvictWhere(Func<KeyVersionRef, bool> match)
    {
        List<KeyCacheEntry.Disposal> evicted;
        lock (_gate)
        {
            Interlocked.Increment(ref _evictions);
            evicted = [.. _entries.Values.Where(e => match(e.Id)).ToList().Select(Remove)];
        }

        KeyCacheEntry.Disposal.RunAll(evicted);
    }

    /// <summary>Drops the least recently used entries until within the limits; <paramref name="keep"/> goes last.</summary>
    private List<KeyCacheEntry.Disposal>? Trim(KeyCacheEntry keep, List<KeyCacheEntry.Disposal>? dropped = null)
    {
        while ((_entries.Count > Limits.MaxKeys || _bytes > Limits.MaxBytes) && _recency.Last is { } last)
        {
            var victim = last.Value == keep && last.Previous is { } previous ? previous.Value : last.Value;
            (dropped ??= []).Add(Remove(victim));
        }

        return dropped;
    }

    private void Touch(KeyCacheEntry entry)
    {
        if (entry.Node is { } node && node != _recency.First)
        {
            _recency.Remove(node);
            _recency.AddFirst(node);
        }
    }

    /// <summary>Unmaps <paramref name="entry"/> (under the lock) and returns what to free once outside it.</summary>
    private KeyCacheEntry.Disposal Remove(KeyCacheEntry entry)
    {
        _entries.Remove(entry.Id);
        if (entry.Node is { } node)
        {
            _recency.Remove(node);
            entry.Node = null;
        }

        _bytes -= entry.Bytes;
        entry.Evicted = true;
        return entry.TakeDisposal(null);
    }
}
