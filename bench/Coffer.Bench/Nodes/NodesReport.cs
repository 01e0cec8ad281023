using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Coffer.Bench.Load;

namespace Coffer.Bench.Nodes;

/// <summary>One deployment in one phase against the floor: ratios Coffer over floor, CPU of this process and of PostgreSQL per operation.</summary>
internal sealed record NodesComparison(
    string Target, string Phase, double OpsPerSec, long Errors, double? FloorRatio, double[] FloorRatioByRound, double CpuUsPerOp, double PostgresCpuUsPerOp);

/// <summary>The one-line JSON summary of a <c>nodes</c> run.</summary>
internal sealed record NodesSummary(
    int Clients, double Seconds, int Cpus, int ValueBytes, string PostgresSettings, IReadOnlyList<NodesComparison> Comparisons, int ServerWarnings, int ServerErrors);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(NodesSummary))]
internal sealed partial class NodesSummaryJsonContext : JsonSerializerContext;

/// <summary>
/// The <c>nodes</c> report: the phase table, where the CPU went (this process — clients and servers — and PostgreSQL),
/// each deployment's ratio to the floor, the same as a Markdown table for bench/README.md, and the JSON summary.
/// </summary>
internal static class NodesReport
{
    private const int LabelWidth = 26;

    /// <summary>Writes the report; the JSON summary (its last line).</summary>
    public static string Write(TextWriter output, NodesSettings settings, NodesTarget[] targets, IReadOnlyList<NodesPhase> phases)
    {
        var comparisons = phases.SelectMany(phase => targets.Skip(1).Select((target, i) => Compare(target.Name, phase, i + 1))).ToList();
        var text = new StringBuilder().AppendLine();
        PhaseTable.AppendHeader(text, LabelWidth);
        foreach (var phase in phases)
        {
            foreach (var result in phase.Results)
            {
                PhaseTable.AppendRow(text, LabelWidth, result);
            }
        }

        text.AppendLine().AppendLine("CPU per operation, us: this process (clients and every server in it) + PostgreSQL's processes");
        foreach (var phase in phases)
        {
            for (var i = 0; i < targets.Length; i++)
            {
                var (own, postgres) = (phase.Results[i].CpuMicrosPerOp, PerOp(phase.PostgresCpu[i], phase.Results[i]));
                text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  {phase.Results[i].Label.PadRight(LabelWidth)} {own,8:0.0} + {postgres,8:0.0} = {own + postgres,8:0.0}"));
            }
        }

        text.AppendLine().AppendLine("Coffer / floor:");
        foreach (var phase in phases)
        {
            for (var i = 1; i < targets.Length; i++)
            {
                PhaseTable.AppendRatio(text, $"{targets[i].Name} {phase.Phase}", PhaseComparison.From(phase.Phase, phase.Results[i], phase.Results[0]));
            }
        }

        text.AppendLine().AppendLine(MarkdownTable(targets, phases, comparisons));
        PhaseTable.AppendErrors(text, phases.SelectMany(p => p.Results));
        foreach (var target in targets)
        {
            for (var n = 0; n < target.ServerLogs.Count; n++)
            {
                PhaseTable.AppendServerLog(text, target.ServerLogs.Count > 1 ? $"{target.Name} (node {n + 1})" : target.Name, target.ServerLogs[n]);
            }
        }

        var logs = targets.SelectMany(t => t.ServerLogs).ToList();
        var summary = JsonSerializer.Serialize(new NodesSummary(settings.Load.Clients, settings.Load.PhaseDuration.TotalSeconds, Environment.ProcessorCount, settings.Load.ValueBytes,
            settings.PostgresSettings, comparisons, logs.Sum(l => l.Warnings), logs.Sum(l => l.Errors)), NodesSummaryJsonContext.Default.NodesSummary);
        text.AppendLine(summary);
        output.Write(text.ToString());
        return summary;
    }

    private static NodesComparison Compare(string target, NodesPhase phase, int index)
    {
        var comparison = PhaseComparison.From(phase.Phase, phase.Results[index], phase.Results[0]);
        var result = phase.Results[index];
        return new NodesComparison(target, phase.Phase, LoadSummary.Round(result.OpsPerSecond, 1), result.Failed, comparison.Ratio, comparison.RatioByRound,
            LoadSummary.Round(result.CpuMicrosPerOp, 1), LoadSummary.Round(PerOp(phase.PostgresCpu[index], result), 1));
    }

    /// <summary>Ops/s ratio to the floor per phase and deployment, and PostgreSQL's single node over SQLite's, as bench/README.md shows it.</summary>
    private static string MarkdownTable(NodesTarget[] targets, IReadOnlyList<NodesPhase> phases, List<NodesComparison> comparisons)
    {
        var text = new StringBuilder()
            .AppendLine($"| operation | floor ops/s | {string.Join(" | ", targets.Skip(1).Select(t => t.Name + " / floor"))} | postgres / sqlite |")
            .AppendLine($"|---|---:|{string.Concat(targets.Skip(1).Select(_ => "---:|"))}---:|");
        foreach (var phase in phases)
        {
            var ratios = comparisons.Where(c => c.Phase == phase.Phase).ToList();
            var (sqlite, postgres) = (ratios.Single(c => c.Target == "sqlite"), ratios.Single(c => c.Target == "postgres"));
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {phase.Phase} | {phase.Results[0].OpsPerSecond:0} | {string.Join(" | ", ratios.Select(c => PhaseTable.Ratio(c.FloorRatio)))} | {PhaseTable.Ratio(sqlite.OpsPerSec > 0 ? postgres.OpsPerSec / sqlite.OpsPerSec : null)} |"));
        }

        return text.ToString();
    }

    private static double PerOp(TimeSpan cpu, PhaseResult result) => result.Succeeded > 0 ? cpu.TotalMicroseconds / result.Succeeded : 0;
}
