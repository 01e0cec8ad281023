using System.Collections.Concurrent;
using Coffer.Server.Hosting;

namespace Coffer.Server.Throttling;

/// <summary>
/// A fixed-window counter per (vault, request type), as Azure's "N per 10 seconds per vault". A refused
/// request learns how long until its window ends, for Retry-After.
/// </summary>
internal sealed class VaultRateLimiter(CofferOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Vault, ThrottleCategory Category), Window> _windows = new();

    /// <summary>Null when admitted; otherwise how long until the vault's window for this request type ends.</summary>
    public TimeSpan? TryAcquire(string vault, ThrottleCategory category)
    {
        var limit = category switch
        {
            ThrottleCategory.RsaSoftwareKeyCreate => options.ThrottleRsaKeyCreates,
            ThrottleCategory.OtherKeyCreate => options.ThrottleOtherKeyCreates,
            ThrottleCategory.SecretSet => options.ThrottleSecretSets,
            _ => options.ThrottleTransactions,
        };
        return _windows.GetOrAdd((vault, category), _ => new Window()).TryAcquire(time.GetUtcNow(), options.ThrottleWindow, limit);
    }

    private sealed class Window
    {
        private readonly Lock _lock = new();
        private DateTimeOffset _start = DateTimeOffset.MinValue;
        private int _count;

        public TimeSpan? TryAcquire(DateTimeOffset now, TimeSpan length, int limit)
        {
            lock (_lock)
            {
                if (now >= _start + length)
                {
                    _start = now;
                    _count = 0;
                }

                if (_count < limit)
                {
                    _count++;
                    return null;
                }

                return _start + length - now;
            }
        }
    }
}
