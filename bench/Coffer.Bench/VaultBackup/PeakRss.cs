using System.Diagnostics;
using Coffer.Bench.Load;

namespace Coffer.Bench.VaultBackup;

/// <summary>Samples the RSS of this process (the client) and of the server child every few milliseconds while some work runs.</summary>
internal static class PeakRss
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(5);

    public static async Task<RssMeasurement> MeasureAsync(int serverProcessId, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        var (clientBefore, serverBefore) = (ProcessMemory.ReadOwnRssMb() ?? 0, ProcessMemory.ReadRssMb(serverProcessId) ?? 0);
        var (clientPeak, serverPeak) = (clientBefore, serverBefore);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                clientPeak = Math.Max(clientPeak, ProcessMemory.ReadOwnRssMb() ?? 0);
                serverPeak = Math.Max(serverPeak, ProcessMemory.ReadRssMb(serverProcessId) ?? 0);
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
        try
        {
            await work(cancellationToken);
        }
        finally
        {
            clock.Stop();
            await stop.CancelAsync();
            await sampler;
        }

        return new RssMeasurement(clock.Elapsed.TotalSeconds, clientBefore, clientPeak, serverBefore, serverPeak);
    }
}

/// <summary>Wall time (s) and RSS (MB) before and at the peak, of the client (this process) and the server.</summary>
internal sealed record RssMeasurement(double Seconds, double ClientBeforeMb, double ClientPeakMb, double ServerBeforeMb, double ServerPeakMb)
{
    public double ClientGrowthMb => ClientPeakMb - ClientBeforeMb;

    public double ServerGrowthMb => ServerPeakMb - ServerBeforeMb;
}
