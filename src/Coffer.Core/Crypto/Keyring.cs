using System.Collections.Frozen;
using System.Security.Cryptography;
using Coffer.Core.Audit;
using Coffer.Core.Storage;

namespace Coffer.Core.Crypto;

/// <summary>
/// Numbered data keys, each wrapped by the <see cref="RootKey"/> in the store, and the audit chain's key
/// (<see cref="AuditChainKeyId"/>). New data is sealed under the newest data key whose activation time has come;
/// older keys stay for reads. A node keeps the keys it unwrapped and <see cref="RefreshAsync"/> adds the ones
/// added since, so it needs the root key only for keys it has not seen.
/// </summary>
public sealed class Keyring
{
    /// <summary>The keyring row of the audit hash chain's key: not a data key, never sealed under.</summary>
    public const int AuditChainKeyId = 0;

    private readonly IKeyringStore _store;
    private readonly TimeProvider _time;
    private volatile Snapshot _snapshot;

    private Keyring(IKeyringStore store, Snapshot snapshot, TimeProvider time)
    {
        _store = store;
        _snapshot = snapshot;
        _time = time;
    }

    /// <summary>The data key new writes use now.</summary>
    public int ActiveKeyId => Active().Id;

    public byte[] AuditChainKey => _snapshot.Keys[AuditChainKeyId];

    internal (int Id, byte[] Key) Active()
    {
        var snapshot = _snapshot;
        var now = _time.GetUtcNow();
        foreach (var (id, activatesOn) in snapshot.DataKeys)
        {
            if (activatesOn is null || activatesOn <= now)
            {
                return (id, snapshot.Keys[id]);
            }
        }

        throw new CryptographicException("The keyring holds no active data key.");
    }

    internal bool TryGetKey(int id, out byte[] key) => _snapshot.Keys.TryGetValue(id, out key!) && id != AuditChainKeyId;

    /// <summary>Loads the keyring, creating its first data key and its audit chain key on a new store.</summary>
    /// <exception cref="CryptographicException">The root key opens neither wrap of a stored key.</exception>
    public static async Task<Keyring> LoadAsync(IKeyringStore store, RootKey rootKey, TimeProvider time, CancellationToken cancellationToken)
    {
        var wrapped = await store.ListAsync(cancellationToken);
        var fresh = wrapped.All(k => k.Id == AuditChainKeyId);
        if (fresh)
        {
            await store.AddAsync(new WrappedKeyringKey(1, rootKey.Wrap(1, RandomNumberGenerator.GetBytes(32)), time.GetUtcNow()), cancellationToken);
            wrapped = await store.ListAsync(cancellationToken);
        }

        if (!wrapped.Any(k => k.Id == AuditChainKeyId))
        {
            // Before the chain key was kept here it was derived from the root key: a keyring that has data keys but no chain
            // key may have a log chained under that, so it keeps it; only a fresh keyring gets an independent key.
            var chainKey = fresh ? RandomNumberGenerator.GetBytes(32) : rootKey.DeriveKey(AuditChain.KeyPurpose);
            await store.AddAsync(new WrappedKeyringKey(AuditChainKeyId, rootKey.Wrap(AuditChainKeyId, chainKey), time.GetUtcNow()), cancellationToken);
            wrapped = await store.ListAsync(cancellationToken);
        }

        return new Keyring(store, Snapshot.Of(wrapped.ToDictionary(k => k.Id, k => Unwrap(rootKey, k)), wrapped), time);
    }

    /// <summary>Adds the keys stored since this node last looked, unwrapped with <paramref name="rootKey"/>; returns the ids it cannot open.</summary>
    public async Task<IReadOnlyList<int>> RefreshAsync(RootKey rootKey, CancellationToken cancellationToken)
    {
        var wrapped = await _store.ListAsync(cancellationToken);
        var keys = new Dictionary<int, byte[]>(_snapshot.Keys);
        var unopened = new List<int>();
        foreach (var key in wrapped.Where(k => !keys.ContainsKey(k.Id)))
        {
            if (TryUnwrap(rootKey, key) is { } opened)
            {
                keys[key.Id] = opened;
            }
            else
            {
                unopened.Add(key.Id);
            }
        }

        _snapshot = Snapshot.Of(keys, wrapped);
        return unopened;
    }

    /// <summary>The key <paramref name="rootKey"/> opens from either wrap of <paramref name="key"/>, or null.</summary>
    public static byte[]? TryUnwrap(RootKey rootKey, WrappedKeyringKey key)
    {
        foreach (var wrap in new[] { key.Wrapped, key.PreviousWrapped })
        {
            if (wrap is null)
            {
                continue;
            }

            try
            {
                return rootKey.Unwrap(key.Id, wrap);
            }
            catch (CryptographicException)
            {
                // the other wrap may be under this root key
            }
        }

        return null;
    }

    /// <exception cref="CryptographicException">The root key opens neither wrap.</exception>
    internal static byte[] Unwrap(RootKey rootKey, WrappedKeyringKey key) =>
        TryUnwrap(rootKey, key) ?? throw new CryptographicException(
            $"The root key does not open keyring key {key.Id}: this data directory was created with another root key.");

    private sealed record Snapshot(FrozenDictionary<int, byte[]> Keys, IReadOnlyList<(int Id, DateTimeOffset? ActivatesOn)> DataKeys)
    {
        public static Snapshot Of(Dictionary<int, byte[]> keys, IReadOnlyList<WrappedKeyringKey> wrapped) => new(
            keys.ToFrozenDictionary(),
            wrapped.Where(k => k.Id != AuditChainKeyId && keys.ContainsKey(k.Id)).OrderByDescending(k => k.Id).Select(k => (k.Id, k.ActivatesOn)).ToList());
    }
}
