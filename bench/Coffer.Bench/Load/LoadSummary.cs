using System.Text.Json.Serialization;

namespace Coffer.Bench.Load;

/// <summary>The one-line JSON summary of a run; ratios are Coffer ops/s over floor ops/s.</summary>
internal sealed record LoadSummary(
    int Clients,
    double Seconds,
    int ValueBytes,
    int Cpus,
    ColdStartSummary? ColdStart,
    TargetSummary Coffer,
    TargetSummary Floor,
    TargetSummary? CofferHttp,
    RatioSummary Ratio,
    TargetSummary? CofferNoAudit,
    AuditCostSummary? Audit)
{
    public static LoadSummary From(LoadSettings settings, ColdStartSeries? coldStart, TargetResult coffer, TargetResult floor, TargetResult? cofferHttp,
        TargetResult? noAudit = null) =>
        new(settings.Clients,
            settings.PhaseDuration.TotalSeconds,
            settings.ValueBytes,
            Environment.ProcessorCount,
            coldStart is null ? null : ColdStartSummary.From(coldStart),
            TargetSummary.From(coffer),
            TargetSummary.From(floor),
            cofferHttp is null ? null : TargetSummary.From(cofferHttp),
            new RatioSummary(RatioOf(coffer.Set, floor.Set), RatioOf(coffer.Get, floor.Get), RoundRatios(coffer.Set, floor.Set), RoundRatios(coffer.Get, floor.Get),
                CpuRatioOf(coffer.Set, floor.Set), CpuRatioOf(coffer.Get, floor.Get),
                cofferHttp is null ? null : RatioOf(cofferHttp.Set, floor.Set), cofferHttp is null ? null : RatioOf(cofferHttp.Get, floor.Get)),
            noAudit is null ? null : TargetSummary.From(noAudit),
            noAudit is null ? null : new AuditCostSummary(RatioOf(coffer.Set, noAudit.Set), RatioOf(coffer.Get, noAudit.Get),
                RoundRatios(coffer.Set, noAudit.Set), RoundRatios(coffer.Get, noAudit.Get), CpuRatioOf(coffer.Set, noAudit.Set), CpuRatioOf(coffer.Get, noAudit.Get)));

    internal static double Round(double value, int digits) => Math.Round(value, digits, MidpointRounding.AwayFromZero);

    internal static double? Round(double? value, int digits) => value is { } v ? Round(v, digits) : null;

    private static double? RatioOf(PhaseResult coffer, PhaseResult floor) =>
        floor.OpsPerSecond > 0 ? Round(coffer.OpsPerSecond / floor.OpsPerSecond, 3) : null;

    /// <summary>Floor CPU per op over Coffer's: the same sense as the throughput ratio (below 1: Coffer costs more).</summary>
    private static double? CpuRatioOf(PhaseResult coffer, PhaseResult floor) =>
        coffer.CpuMicrosPerOp > 0 ? Round(floor.CpuMicrosPerOp / coffer.CpuMicrosPerOp, 3) : null;

    /// <summary>The ratio within each round: a wide spread means the machine's load changed under the run.</summary>
    private static double[] RoundRatios(PhaseResult coffer, PhaseResult floor) =>
        [.. coffer.SliceOpsPerSecond.Zip(floor.SliceOpsPerSecond, (c, f) => f > 0 ? Round(c / f, 3) : 0)];
}

internal sealed record ColdStartSummary(
    int Runs, double FirstMs, double RestartMs, double? FirstRssMb, double? RestartRssMb, double[] FirstMsAll, double[] RestartMsAll, int[] Statuses)
{
    public static ColdStartSummary From(ColdStartSeries series) =>
        new(series.Firsts.Count,
            LoadSummary.Round(ColdStartSeries.Median(series.Firsts.Select(s => s.ToFirstResponseMs)), 1),
            LoadSummary.Round(ColdStartSeries.Median(series.Restarts.Select(s => s.ToFirstResponseMs)), 1),
            LoadSummary.Round(ColdStartSeries.MedianRss(series.Firsts), 1),
            LoadSummary.Round(ColdStartSeries.MedianRss(series.Restarts), 1),
            [.. series.Firsts.Select(s => LoadSummary.Round(s.ToFirstResponseMs, 1))],
            [.. series.Restarts.Select(s => LoadSummary.Round(s.ToFirstResponseMs, 1))],
            [.. series.Firsts.Concat(series.Restarts).Select(s => s.FirstStatus).Distinct().Order()]);
}

internal sealed record TargetSummary(PhaseSummary Set, PhaseSummary Get, int ServerWarnings, int ServerErrors)
{
    public static TargetSummary From(TargetResult result) =>
        new(PhaseSummary.From(result.Set), PhaseSummary.From(result.Get), result.ServerLog.Warnings, result.ServerLog.Errors);
}

internal sealed record PhaseSummary(
    long Ops, long Errors, double OpsPerSec, double P50Ms, double P99Ms, double MaxMs, double CpuUsPerOp, IReadOnlyDictionary<string, int>? ErrorKinds,
    double AllocKbPerOp, double GcPausePct, double JitMs)
{
    public static PhaseSummary From(PhaseResult phase) =>
        new(phase.Succeeded, phase.Failed, LoadSummary.Round(phase.OpsPerSecond, 1),
            LoadSummary.Round(phase.P50Ms, 3), LoadSummary.Round(phase.P99Ms, 3), LoadSummary.Round(phase.MaxMs, 3),
            LoadSummary.Round(phase.CpuMicrosPerOp, 1), phase.Errors.Count > 0 ? phase.Errors : null,
            LoadSummary.Round(phase.AllocatedKbPerOp, 1), LoadSummary.Round(phase.GcPausePercent, 1), LoadSummary.Round(phase.Jit.TotalMilliseconds, 1));
}

/// <summary>
/// Coffer (SDK) throughput over the floor's, per phase and per round; Cpu*: the floor's CPU per op over
/// Coffer's; CofferHttp*: the plain-HttpClient Coffer's throughput over the floor's.
/// </summary>
internal sealed record RatioSummary(
    double? Set, double? Get, double[] SetByRound, double[] GetByRound, double? CpuSet, double? CpuGet, double? CofferHttpSet, double? CofferHttpGet);

/// <summary>Audited Coffer over the same Coffer with its audit log off (ops/s; Cpu*: unaudited CPU per op over audited), same run.</summary>
internal sealed record AuditCostSummary(
    double? Set, double? Get, double[] SetByRound, double[] GetByRound, double? CpuSet, double? CpuGet);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LoadSummary))]
internal sealed partial class LoadSummaryJsonContext : JsonSerializerContext;
