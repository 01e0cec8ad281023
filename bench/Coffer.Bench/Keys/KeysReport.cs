using System.Globalization;
using System.Text;
using Coffer.Bench.Load;

namespace Coffer.Bench.Keys;

/// <summary>The readable report of a <c>keys</c> run.</summary>
internal static class KeysReport
{
    private const int LabelWidth = 22;

    public static async Task WriteAsync(
        TextWriter output, string environment, KeysSummary summary, IReadOnlyList<PhaseResult> signPhases,
        IReadOnlyList<PhaseResult> createPhases, IReadOnlyList<(string Name, ServerLogTally Log)> logs)
    {
        var text = new StringBuilder();
        text.AppendLine(environment);
        text.AppendLine();
        text.AppendLine(Invariant($"Key operations, {summary.Clients} clients (coffer: plain HttpClient + bearer token; floor: Kestrel + the operation on an in-memory key)"));
        PhaseTable.AppendHeader(text, LabelWidth);
        foreach (var phase in signPhases)
        {
            PhaseTable.AppendRow(text, LabelWidth, phase);
        }

        text.AppendLine("coffer / floor:");
        foreach (var comparison in summary.Sign)
        {
            PhaseTable.AppendRatio(text, comparison.Phase, comparison);
        }

        text.AppendLine();
        PhaseTable.AppendSteps(text, "Sign request, step by step (one thread, process CPU per call):", summary.SignSteps);
        if (summary.Sequential is null || summary.Concurrent is null)
        {
            AppendLogs(text, logs);
            PhaseTable.AppendErrors(text, signPhases);
            await output.WriteAsync(text.ToString());
            return;
        }

        text.AppendLine();
        text.AppendLine(Invariant($"Create RSA-2048, pool={summary.PoolSize} (RsaKeyPoolSize) against pool=0; x1: one client, one after another; x{summary.Clients}: concurrent"));
        PhaseTable.AppendHeader(text, LabelWidth);
        foreach (var phase in createPhases)
        {
            PhaseTable.AppendRow(text, LabelWidth, phase);
        }

        AppendSeries(text, "x1", summary.Sequential, summary.PoolSize);
        AppendSeries(text, Invariant($"x{summary.Clients}"), summary.Concurrent, summary.PoolSize);
        PhaseTable.AppendSteps(text, "RSA-2048 generation (one thread):", summary.RsaGeneration);
        if (summary.RsaGeneration is [var unused, var used] && unused.CpuMicrosPerCall * 100 < used.CpuMicrosPerCall)
        {
            text.AppendLine("  RSA.Create(2048) returns before the key exists: it is generated on first use, so a pool of unused");
            text.AppendLine("  RSA.Create results saves no generation time; a create pays it when it exports the pooled key.");
        }
        AppendLogs(text, logs);
        PhaseTable.AppendErrors(text, signPhases.Concat(createPhases));
        await output.WriteAsync(text.ToString());
    }

    private static void AppendLogs(StringBuilder text, IReadOnlyList<(string Name, ServerLogTally Log)> logs)
    {
        text.AppendLine();
        foreach (var (name, log) in logs)
        {
            PhaseTable.AppendServerLog(text, name, log);
        }
    }

    private static void AppendSeries(StringBuilder text, string label, CreateSeries series, int poolSize)
    {
        var first = series.PooledFirstMs is { } pooledFirst && series.UnpooledFirstMs is { } unpooledFirst
            ? Invariant($";  median of the first {poolSize}: {pooledFirst:0.0} ms pooled, {unpooledFirst:0.0} ms unpooled")
            : "";
        text.AppendLine(Invariant(
            $"  {label}: pooled / unpooled ops/s {PhaseTable.Ratio(series.Speedup)}; p50 {series.Pooled.P50Ms:0.0} vs {series.Unpooled.P50Ms:0.0} ms{first}"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
