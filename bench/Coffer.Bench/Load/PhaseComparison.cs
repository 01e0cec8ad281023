namespace Coffer.Bench.Load;

/// <summary>
/// Coffer against its floor in one phase, as the JSON summary gives it: ops/s ratio (Coffer over floor),
/// the same per round, and the floor's CPU per op over Coffer's (same sense: below 1, Coffer costs more).
/// </summary>
internal sealed record PhaseComparison(
    string Phase, PhaseSummary Coffer, PhaseSummary Floor, double? Ratio, double[] RatioByRound, double? CpuRatio)
{
    public static PhaseComparison From(string phase, PhaseResult coffer, PhaseResult floor) =>
        new(phase, PhaseSummary.From(coffer), PhaseSummary.From(floor),
            floor.OpsPerSecond > 0 ? LoadSummary.Round(coffer.OpsPerSecond / floor.OpsPerSecond, 3) : null,
            [.. coffer.SliceOpsPerSecond.Zip(floor.SliceOpsPerSecond, (c, f) => f > 0 ? LoadSummary.Round(c / f, 3) : 0)],
            coffer.CpuMicrosPerOp > 0 ? LoadSummary.Round(floor.CpuMicrosPerOp / coffer.CpuMicrosPerOp, 3) : null);
}
