using Coffer.Bench.Load;

namespace Coffer.Bench.VaultBackup;

/// <summary>Samples the RSS of this process (the client) and of the server child every few milliseconds while some work runs.</summary>
internal static class PeakRss
{
    public static async Task<RssMeasurement> MeasureAsync(int serverProcessId, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        var (elapsed, before, peak, _) = await RssSampler.MeasureAsync(
            [ProcessMemory.ReadOwnRssMb, () => ProcessMemory.ReadRssMb(serverProcessId)],
            async token =>
            {
                await work(token);
                return 0;
            },
            cancellationToken);
        return new RssMeasurement(elapsed.TotalSeconds, before[0] ?? 0, peak[0] ?? 0, before[1] ?? 0, peak[1] ?? 0);
    }
}

/// <summary>Wall time (s) and RSS (MB) before and at the peak, of the client (this process) and the server.</summary>
internal sealed record RssMeasurement(double Seconds, double ClientBeforeMb, double ClientPeakMb, double ServerBeforeMb, double ServerPeakMb)
{
    public double ClientGrowthMb => ClientPeakMb - ClientBeforeMb;

    public double ServerGrowthMb => ServerPeakMb - ServerBeforeMb;
}
