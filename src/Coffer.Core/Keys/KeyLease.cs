using Coffer.Core.Crypto;

namespace Coffer.Core.Keys;

/// <summary>A key object lent by <see cref="KeyObjectCache"/> to one caller; disposing the lease gives it back.</summary>
public sealed class KeyLease : IDisposable
{
    private readonly KeyObjectCache _cache;
    private readonly KeyCacheEntry _entry;
    private ImportedKey? _key;

    internal KeyLease(KeyObjectCache cache, KeyCacheEntry entry, ImportedKey key)
    {
        _cache = cache;
        _entry = entry;
        _key = key;
    }

    public ImportedKey Key => _key ?? throw new ObjectDisposedException(nameof(KeyLease));

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _key, null) is { } key)
        {
            _cache.Return(_entry, key);
        }
    }
}
