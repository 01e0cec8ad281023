using System.Globalization;
using System.Text;
using Coffer.Bench.Load;

namespace Coffer.Bench.Backup;

/// <summary>The readable report of a <c>backup</c> run.</summary>
internal static class BackupReport
{
    private const int LabelWidth = 31;
    private const int RatioLabelWidth = 40;

    public static async Task WriteAsync(
        TextWriter output, string environment, BackupSummary summary, IReadOnlyList<PhaseResult> phases,
        IReadOnlyList<(string Name, ServerLogTally Log)> logs)
    {
        var text = new StringBuilder();
        text.AppendLine(environment);
        text.AppendLine();
        text.AppendLine(Invariant($"Backup and restore, {summary.Clients} clients. coffer: SecretClient; coffer-http: plain HttpClient + bearer token;"));
        if (phases.Any(p => p.Label.StartsWith("coffer-no-audit", StringComparison.Ordinal)))
        {
            text.AppendLine("coffer-no-audit: coffer-http's requests to a second Coffer with its audit log off (--audit-off; not counted for the goal);");
        }

        text.AppendLine(Invariant($"floor: Kestrel + AES-GCM of a payload as long as Coffer's blob (mean: secret {summary.SecretBlobBytes} B, key {summary.KeyBlobBytes} B) + a dictionary"));
        PhaseTable.AppendHeader(text, LabelWidth);
        foreach (var phase in phases)
        {
            PhaseTable.AppendRow(text, LabelWidth, phase);
        }

        text.AppendLine("coffer / floor:");
        foreach (var comparison in summary.Comparisons)
        {
            PhaseTable.AppendRatio(text, comparison.Phase, comparison, RatioLabelWidth);
        }

        text.AppendLine(Invariant($"goal: backup >= {BackupSettings.GoalOpsPerSecond:0} ops/s and >= {BackupSettings.GoalFloorShare:0%} of the floor"));
        foreach (var check in summary.Goal)
        {
            text.AppendLine(Invariant(
                $"  {check.Phase,-34} {check.OpsPerSec,8:0} ops/s {(check.OpsMet ? "met" : "NOT met"),-8}  {PhaseTable.Ratio(check.FloorShare)} of floor {(check.ShareMet ? "met" : "NOT met")}"));
        }

        text.AppendLine(Invariant($"restore vaults created: {summary.RestoreVaults} (each blob restores once per vault)"));
        text.AppendLine();
        PhaseTable.AppendSteps(text, "Steps, one at a time on one thread (process CPU per call; the servers idle):", summary.Steps);
        AppendDominant(text, summary.Steps, summary.Comparisons);
        if (summary.History is { } history)
        {
            text.AppendLine();
            text.AppendLine(Invariant(
                $"Long history: one secret of {history.Versions} versions ({history.ValueBytes} B values; blob {history.BlobBytes / 1048576.0:0.00} MB), SecretClient, RSS of this process (servers and clients)"));
            foreach (var (run, i) in history.Runs.Select((r, i) => (r, i + 1)))
            {
                text.AppendLine(Invariant(
                    $"  run {i}: backup {run.BackupMs,7:0} ms, restore {run.RestoreMs,7:0} ms; RSS before {Mb(run.RssBeforeMb)}, peak in backup {Mb(run.BackupPeakRssMb)} (+{Mb(run.BackupPeakRssMb - run.RssBeforeMb)}), in restore {Mb(run.RestorePeakRssMb)}; allocated {run.BackupAllocatedMb:0} / {run.RestoreAllocatedMb:0} MB"));
            }
        }

        text.AppendLine();
        foreach (var (name, log) in logs)
        {
            PhaseTable.AppendServerLog(text, name, log);
        }

        PhaseTable.AppendErrors(text, phases);
        await output.WriteAsync(text.ToString());
    }

    /// <summary>Per request kind: the server's work (token + the service call) against the floor's, and its largest step.</summary>
    private static void AppendDominant(StringBuilder text, IReadOnlyList<StepCost> steps, IReadOnlyList<PhaseComparison> comparisons)
    {
        var token = steps.FirstOrDefault(s => s.Step.StartsWith("token", StringComparison.Ordinal));
        text.AppendLine("What dominates (server work per request, one thread):");
        foreach (var group in steps.Where(s => s.Step.Contains(':', StringComparison.Ordinal)).GroupBy(s => s.Step[..s.Step.IndexOf(':', StringComparison.Ordinal)]))
        {
            var whole = group.FirstOrDefault(s => s.Step.Contains("Service.", StringComparison.Ordinal));
            var floor = group.FirstOrDefault(s => s.Step.Contains("floor's", StringComparison.Ordinal));
            var parts = group.Where(s => s != whole && s != floor && !s.Step.Contains(BackupSteps.OfWhich, StringComparison.Ordinal)).Append(token).OfType<StepCost>().OrderByDescending(s => s.CpuMicrosPerCall).ToList();
            if (whole is null || floor is null || parts.Count == 0)
            {
                continue;
            }

            var server = whole.CpuMicrosPerCall + (token?.CpuMicrosPerCall ?? 0);
            text.AppendLine(Invariant(
                $"  {group.Key,-16} token + service {server,5:0} us vs floor's {floor.CpuMicrosPerCall,3:0} us; largest: {string.Join(", ", parts.Take(3).Select(p => $"{Short(p.Step)} {p.CpuMicrosPerCall:0} us ({p.CpuMicrosPerCall / server:0%})"))}"));

            // The same request under load, HttpClient against the floor: how much of Coffer's extra CPU per op the steps account for.
            var phase = group.Key.Replace("secrets ", "secret ", StringComparison.Ordinal).Replace("keys ", "key ", StringComparison.Ordinal) + " (HttpClient)";
            if (comparisons.FirstOrDefault(c => c.Phase == phase) is { } loaded)
            {
                var extra = loaded.Coffer.CpuUsPerOp - loaded.Floor.CpuUsPerOp;
                var explained = server - floor.CpuMicrosPerCall;
                text.AppendLine(Invariant(
                    $"  {"",-16} under load coffer-http costs {extra:0} us/op more CPU than the floor: {explained:0} us in these steps, {extra - explained:0} us elsewhere (HTTP pipeline, middleware, GC, contention)"));
            }
        }
    }

    private static string Short(string step) => step.Contains(':', StringComparison.Ordinal) ? step[(step.IndexOf(':', StringComparison.Ordinal) + 2)..] : step;

    private static string Mb(double? mb) => mb is { } value ? value.ToString("0.0", CultureInfo.InvariantCulture) + " MB" : "n/a";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
