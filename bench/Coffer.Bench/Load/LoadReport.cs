using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Coffer.Bench.Load;

/// <summary>The readable table of a run, and its JSON line.</summary>
internal static class LoadReport
{
    public static async Task WriteTableAsync(
        TextWriter output, string environment, TargetResult coffer, TargetResult floor, TargetResult? cofferHttp, LoadSummary summary,
        TargetResult? noAudit = null)
    {
        var text = new StringBuilder();
        text.AppendLine(environment);
        text.AppendLine();
        if (summary.ColdStart is { } cold)
        {
            text.AppendLine(Invariant(
                $"Cold start of coffer serve, process start -> first HTTPS response (HTTP {string.Join("/", cold.Statuses)}), median of {cold.Runs}"));
            AppendColdStart(text, "first start (new data dir)", cold.FirstMs, cold.FirstRssMb, cold.FirstMsAll);
            AppendColdStart(text, "restart (same data dir)", cold.RestartMs, cold.RestartRssMb, cold.RestartMsAll);
            text.AppendLine();
        }

        text.AppendLine(Invariant($"{"phase",-16} {"ops/s",10} {"ops",9} {"errors",7} {"p50 ms",8} {"p99 ms",8} {"max ms",8} {"cpu us/op",10}"));
        foreach (var phase in new[] { coffer, noAudit, cofferHttp, floor }.OfType<TargetResult>().SelectMany(t => new[] { t.Set, t.Get }))
        {
            text.AppendLine(Invariant(
                $"{phase.Label,-16} {phase.OpsPerSecond,10:0.0} {phase.Succeeded,9} {phase.Failed,7} {phase.P50Ms,8:0.000} {phase.P99Ms,8:0.000} {phase.MaxMs,8:0.0} {phase.CpuMicrosPerOp,10:0.0}"));
        }

        text.AppendLine();
        text.AppendLine(Invariant($"coffer / floor ops/s:  set {Ratio(summary.Ratio.Set)}   get {Ratio(summary.Ratio.Get)}"));
        text.AppendLine(Invariant($"  ops/s by round:  set {string.Join(" ", summary.Ratio.SetByRound.Select(r => Ratio(r)))}   get {string.Join(" ", summary.Ratio.GetByRound.Select(r => Ratio(r)))}"));
        text.AppendLine(Invariant($"floor / coffer cpu/op: set {Ratio(summary.Ratio.CpuSet)}   get {Ratio(summary.Ratio.CpuGet)}   (same sense; steadier on a busy machine)"));
        if (summary.Ratio is { CofferHttpSet: { } httpSet, CofferHttpGet: { } httpGet })
        {
            text.AppendLine(Invariant($"coffer-http / floor:   set {Ratio(httpSet)}   get {Ratio(httpGet)}   (the rest of coffer's gap is the SDK's)"));
        }

        if (summary.Audit is { } audit)
        {
            text.AppendLine(Invariant($"coffer / coffer-no-audit ops/s: set {Ratio(audit.Set)}   get {Ratio(audit.Get)}   (the audit log's cost; by round: get {string.Join(" ", audit.GetByRound.Select(r => Ratio(r)))})"));
            text.AppendLine(Invariant($"coffer-no-audit / coffer cpu/op: set {Ratio(audit.CpuSet)}   get {Ratio(audit.CpuGet)}"));
        }

        foreach (var target in new[] { coffer, floor })
        {
            text.AppendLine(Invariant($"{target.Name} server log: {target.ServerLog.Warnings} warnings, {target.ServerLog.Errors} errors"));
            foreach (var sample in target.ServerLog.Samples)
            {
                text.AppendLine("  " + sample);
            }

        }

        foreach (var phase in new[] { coffer, noAudit, cofferHttp, floor }.OfType<TargetResult>().SelectMany(t => new[] { t.WarmUp, t.Set, t.Get }).Where(p => p.Failed > 0))
        {
            text.AppendLine($"{phase.Label} errors: {DescribeErrors(phase)}");
        }

        await output.WriteAsync(text.ToString());
    }

    public static string Json(LoadSummary summary) => JsonSerializer.Serialize(summary, LoadSummaryJsonContext.Default.LoadSummary);

    public static string DescribeErrors(PhaseResult phase) =>
        string.Join("; ", phase.Errors.Select(e =>
            Invariant($"{e.Key} x{e.Value}") + (phase.ErrorSamples.TryGetValue(e.Key, out var samples) ? $" (e.g. {FirstLine(samples[0])})" : "")));

    private static void AppendColdStart(StringBuilder text, string label, double medianMs, double? rssMb, double[] allMs) =>
        text.AppendLine(Invariant(
            $"  {label,-28} {medianMs,8:0.0} ms   RSS {(rssMb is { } rss ? rss.ToString("0.0", CultureInfo.InvariantCulture) + " MB" : "n/a"),-9}   runs: {string.Join(", ", allMs.Select(ms => ms.ToString("0", CultureInfo.InvariantCulture)))} ms"));

    private static string Ratio(double? ratio) => ratio is { } r ? r.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
