using System.Collections.Concurrent;

namespace Coffer.Core.Jobs;

/// <summary>Job locks of a database only one process uses (embedded SQLite): a lock per job name in this process.</summary>
public sealed class InProcessJobLocks : IJobLocks
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public async Task<bool> TryRunExclusiveAsync(string job, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(job, _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(TimeSpan.Zero, cancellationToken))
        {
            return false;
        }

        try
        {
            await work(cancellationToken);
            return true;
        }
        finally
        {
            gate.Release();
        }
    }
}
