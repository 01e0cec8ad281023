using System.Security.Cryptography;

namespace Coffer.Core.Crypto;

/// <summary>
/// Each thread's <see cref="AesGcm"/> for the key it used last: making one costs an OpenSSL context and key
/// schedule, ~1.2 us, more than sealing a small value, and its user nearly always repeats the same key (the
/// keyring's active key, a protection key). AesGcm is not safe for concurrent use; one per thread is. Each
/// instance keeps its own, so users of different keys do not evict each other's. Keys are compared by
/// reference: callers pass the cached array they hold, not a copy.
/// </summary>
internal sealed class AesGcmPerThread(int tagSize) : IDisposable
{
    // Values are not tracked: a thread that ends leaves its AesGcm to the GC (its handle is finalized), as a thread-static would.
    private readonly ThreadLocal<(byte[] Key, AesGcm Gcm)?> _last = new();

    public AesGcm For(byte[] key)
    {
        if (_last.Value is { } last && ReferenceEquals(last.Key, key))
        {
            return last.Gcm;
        }

        _last.Value?.Gcm.Dispose();
        var gcm = new AesGcm(key, tagSize);
        _last.Value = (key, gcm);
        return gcm;
    }

    public void Dispose() => _last.Dispose();
}
