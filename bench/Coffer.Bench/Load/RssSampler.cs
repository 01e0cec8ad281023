using System.Diagnostics;

namespace Coffer.Bench.Load;

/// <summary>Samples processes' RSS every few milliseconds while some work runs, and keeps each one's peak.</summary>
internal static class RssSampler
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(5);

    /// <returns>The work's wall time, this process's RSS just before it and the highest sampled during it (MB; null off Linux).</returns>
    public static async Task<(TimeSpan Elapsed, double? BeforeMb, double? PeakMb, T Result)> MeasureAsync<T>(
        Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var (elapsed, before, peak, result) = await MeasureAsync([ProcessMemory.ReadOwnRssMb], work, cancellationToken);
        return (elapsed, before[0], peak[0], result);
    }

    /// <param name="readers">Each reads one process's RSS (MB; null when it cannot).</param>
    /// <returns>The work's wall time and, per reader, the RSS just before it and the highest sampled during it or just after.</returns>
    public static async Task<(TimeSpan Elapsed, double?[] BeforeMb, double?[] PeakMb, T Result)> MeasureAsync<T>(
        Func<double?>[] readers, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var before = Array.ConvertAll(readers, read => read());
        var peak = (double?[])before.Clone();
        void Sample()
        {
            for (var i = 0; i < readers.Length; i++)
            {
                if (readers[i]() is { } rss && (peak[i] is null || rss > peak[i]))
                {
                    peak[i] = rss;
                }
            }
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                Sample();
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

        Sample();
        return (clock.Elapsed, before, peak, result);
    }
}
