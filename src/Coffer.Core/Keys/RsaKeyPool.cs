using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Coffer.Core.Keys;

/// <summary>
/// RSA generation costs ~150-200 ms of a core per 2048-bit key here, so a few keys per size are made
/// ahead, on the thread pool, one at a time: a create takes one at storage cost, and when the pool is
/// empty it generates its own off the request thread. <see cref="RSA.Create(int)"/> is lazy on Linux
/// (the key is made on first use), so each key is forced into being where it is made.
/// </summary>
public sealed class RsaKeyPool : IDisposable
{
    private readonly ConcurrentDictionary<int, ConcurrentQueue<RSA>> _ready = new();
    private readonly IReadOnlyDictionary<int, int> _targets;
    private readonly SemaphoreSlim _refilling = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();

    /// <param name="targets">Keys to hold per size, e.g. {2048: 4}; an empty map disables the pool.</param>
    public RsaKeyPool(IReadOnlyDictionary<int, int> targets)
    {
        _targets = targets;
        Refill();
    }

    public int Available(int size) => _ready.TryGetValue(size, out var queue) ? queue.Count : 0;

    public async Task<RSA> TakeAsync(int size, CancellationToken cancellationToken)
    {
        var key = _ready.TryGetValue(size, out var queue) && queue.TryDequeue(out var pooled)
            ? pooled
            : await Task.Run(() => Generate(size), cancellationToken);
        Refill();
        return key;
    }

    /// <summary>Tops every size up to its target in the background; one refill runs at a time.</summary>
    private void Refill()
    {
        if (_targets.Count == 0 || _stopping.IsCancellationRequested || !_refilling.Wait(0))
        {
            return;
        }

        _ = Task.Run(() =>
        {
            try
            {
                foreach (var (size, target) in _targets)
                {
                    var queue = _ready.GetOrAdd(size, _ => new ConcurrentQueue<RSA>());
                    while (queue.Count < target && !_stopping.IsCancellationRequested)
                    {
                        queue.Enqueue(Generate(size));
                    }
                }
            }
            finally
            {
                _refilling.Release();
            }
        });
    }

    private static RSA Generate(int size)
    {
        var key = RSA.Create(size);
        _ = key.ExportParameters(false); // generates the key now, not in the request that first uses it
        return key;
    }

    public void Dispose()
    {
        _stopping.Cancel();
        foreach (var queue in _ready.Values)
        {
            while (queue.TryDequeue(out var key))
            {
                key.Dispose();
            }
        }

        _stopping.Dispose();
    }
}
