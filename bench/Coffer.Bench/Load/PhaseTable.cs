using System.Globalization;
using System.Text;

namespace Coffer.Bench.Load;

/// <summary>The phase table of the reports: one row per phase and target.</summary>
internal static class PhaseTable
{
    public static void AppendHeader(StringBuilder text, int labelWidth) =>
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"{"phase".PadRight(labelWidth)} {"ops/s",10} {"ops",9} {"errors",7} {"p50 ms",8} {"p99 ms",8} {"max ms",8} {"cpu us/op",10} {"alloc KB/op",11} {"gc %",5}"));

    public static void AppendRow(StringBuilder text, int labelWidth, PhaseResult phase) =>
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"{phase.Label.PadRight(labelWidth)} {phase.OpsPerSecond,10:0.0} {phase.Succeeded,9} {phase.Failed,7} {phase.P50Ms,8:0.000} {phase.P99Ms,8:0.000} {phase.MaxMs,8:0.0} {phase.CpuMicrosPerOp,10:0.0} {phase.AllocatedKbPerOp,11:0.0} {phase.GcPausePercent,5:0.0}"));

    /// <summary>"coffer / floor ops/s 0.412 (by round 0.40 0.43 ...), floor / coffer cpu/op 0.388".</summary>
    public static void AppendRatio(StringBuilder text, string label, PhaseComparison comparison, int labelWidth = 34) =>
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"  {label.PadRight(labelWidth)} ops/s {Ratio(comparison.Ratio)}   by round {string.Join(" ", comparison.RatioByRound.Select(r => Ratio(r)))}   cpu/op (floor/coffer) {Ratio(comparison.CpuRatio)}"));

    public static void AppendErrors(StringBuilder text, IEnumerable<PhaseResult> phases)
    {
        foreach (var phase in phases.Where(p => p.Failed > 0))
        {
            text.AppendLine($"{phase.Label} errors: {LoadReport.DescribeErrors(phase)}");
        }
    }

    public static void AppendServerLog(StringBuilder text, string name, ServerLogTally log)
    {
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{name} server log: {log.Warnings} warnings, {log.Errors} errors"));
        foreach (var sample in log.Samples)
        {
            text.AppendLine("  " + sample);
        }
    }

    public static void AppendSteps(StringBuilder text, string title, IReadOnlyList<StepCost> steps)
    {
        text.AppendLine(title);
        foreach (var step in steps)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"  {step.Step,-58} {step.CpuMicrosPerCall,8:0.0} us cpu {step.WallMicrosPerCall,8:0.0} us wall {step.AllocatedKbPerCall,8:0.0} KB   ({step.Calls} calls)"));
        }
    }

    public static string Ratio(double? ratio) => ratio is { } r ? r.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";
}
