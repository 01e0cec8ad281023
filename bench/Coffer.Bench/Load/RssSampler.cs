using System.Diagnostics;

namespace Coffer.Bench.Load;

/// <summary>Samples this process's RSS every few milliseconds while some work runs, and keeps the peak.</summary>
internal static class RssSampler
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(5);

    /// <returns>The work's wall time, the RSS just before it and the highest RSS sampled during it (MB; null off Linux).</returns>
    public static async Task<(TimeSpan Elapsed, double? BeforeMb, double? PeakMb, T Result)> MeasureAsync<T>(
        Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var before = ProcessMemory.ReadOwnRssMb();
        var peak = before;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (ProcessMemory.ReadOwnRssMb() is { } rss && (peak is null || rss > peak))
                {
                    peak = rss;
                }

                try
                {
                    await Task.Delay(Interval, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }, CancellationToken.None);
        var clock = Stopwatch.StartNew();
        T result;
        try
        {
            result = await work(cancellationToken);
        }
        finally
        {
            clock.Stop();
            await stop.CancelAsync();
            await sampler;
        }

        if (ProcessMemory.ReadOwnRssMb() is { } after && (peak is null || after > peak))
        {
            peak = after;
        }

        return (clock.Elapsed, before, peak, result);
    }
}
