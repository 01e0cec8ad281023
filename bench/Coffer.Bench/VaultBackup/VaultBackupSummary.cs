using System.Globalization;

namespace Coffer.Bench.VaultBackup;

/// <summary>
/// The runs of both paths and what the issue asks of them: the snapshot at least 20× faster than the REST
/// loop (best run against best run), and RSS growth of server and client at most 64 MiB.
/// </summary>
internal sealed record VaultBackupSummary(
    int ObjectCount, int Versions, int Parallelism, int Cpus,
    IReadOnlyList<PathResult> Snapshots, IReadOnlyList<PathResult> RestLoops, PathResult Restore,
    double Speedup, bool SpeedupGoalMet, double MaxServerGrowthMb, double MaxClientGrowthMb, bool MemoryGoalMet)
{
    public const double GoalSpeedup = 20;
    public const double GoalGrowthMb = 64;

    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<int> Objects => Snapshots.Concat(RestLoops).Select(r => r.Objects);

    public static VaultBackupSummary From(VaultBackupSettings settings, IReadOnlyList<PathResult> snapshots, IReadOnlyList<PathResult> loops, PathResult restore)
    {
        var speedup = loops.Min(r => r.Seconds) / snapshots.Min(r => r.Seconds);
        var all = snapshots.Concat(loops).ToList();
        var serverGrowth = all.Max(r => r.ServerPeakMb - r.ServerBeforeMb);
        var clientGrowth = all.Max(r => r.ClientPeakMb - r.ClientBeforeMb);
        return new VaultBackupSummary(settings.Objects, settings.Versions, settings.Parallelism, Environment.ProcessorCount, snapshots, loops, restore,
            speedup, speedup >= GoalSpeedup, serverGrowth, clientGrowth, serverGrowth <= GoalGrowthMb && clientGrowth <= GoalGrowthMb);
    }

    public static async Task WriteAsync(TextWriter output, VaultBackupSummary summary)
    {
        var best = (Snapshot: summary.Snapshots.Min(r => r.Seconds), Loop: summary.RestLoops.Min(r => r.Seconds));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"whole-vault backup of {summary.ObjectCount} objects × {summary.Versions} versions: snapshot {best.Snapshot:0.000} s " +
            $"({summary.ObjectCount / best.Snapshot:0} objects/s), REST loop {best.Loop:0.000} s ({summary.ObjectCount / best.Loop:0} objects/s); " +
            $"whole-vault restore {summary.Restore.Seconds:0.000} s ({summary.Restore.Objects / summary.Restore.Seconds:0} objects/s)"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"goal: snapshot ≥ {GoalSpeedup}× the loop — {summary.Speedup:0.0}× ({(summary.SpeedupGoalMet ? "met" : "NOT met")}); " +
            $"RSS growth ≤ {GoalGrowthMb} MiB — server {summary.MaxServerGrowthMb:0} MB, client {summary.MaxClientGrowthMb:0} MB ({(summary.MemoryGoalMet ? "met" : "NOT met")})"));
    }
}
