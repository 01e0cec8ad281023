using System.Globalization;

namespace Coffer.Bench.Load;

/// <summary>
/// One phase per target, cut into slices that alternate between the targets (and which goes first,
/// round by round), so slow drifts in the machine's background load hit all of them alike.
/// </summary>
internal static class InterleavedPhase
{
    /// <param name="operations">Per target: the operation (client, sequence number, token).</param>
    /// <param name="beforeSlice">Runs, unmeasured, before each slice of the target with that index (e.g. waits for a key pool to refill).</param>
    public static async Task<PhaseResult[]> RunAsync(
        string phase, IReadOnlyList<string> targets, PhaseSettings settings, TextWriter output,
        IReadOnlyList<Func<int, int, CancellationToken, Task>> operations, CancellationToken cancellationToken,
        Func<int, CancellationToken, Task>? beforeSlice = null)
    {
        var slices = targets.Select(_ => new List<PhaseResult>()).ToArray();
        for (var round = 0; round < settings.Rounds; round++)
        {
            for (var turn = 0; turn < targets.Count; turn++)
            {
                var i = round % 2 == 0 ? turn : targets.Count - 1 - turn;
                if (beforeSlice is not null)
                {
                    await beforeSlice(i, cancellationToken);
                }

                slices[i].Add(await LoadPhase.RunAsync($"{targets[i]} {phase}", settings.Clients, settings.SliceDuration,
                    settings.MaxOpsPerClientPerSlice, round * settings.MaxOpsPerClientPerSlice, operations[i], cancellationToken));
            }
        }

        var results = targets.Select((target, i) => PhaseResult.Combine($"{target} {phase}", slices[i])).ToArray();
        foreach (var result in results)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {result.Label}: {result.OpsPerSecond:0} ops/s, {result.Failed} errors, JIT {result.Jit.TotalMilliseconds:0} ms; by slice: {string.Join(' ', result.SliceOpsPerSecond.Select(r => r.ToString("0", CultureInfo.InvariantCulture)))}"));
        }

        return results;
    }

    /// <summary>Unmeasured load on one target until tiered JIT, TLS and caches settle; prints throughput second by second.</summary>
    public static async Task<PhaseResult> WarmUpAsync(
        string label, PhaseSettings settings, int maxOpsPerClient, Func<int, int, CancellationToken, Task> operation,
        TextWriter output, CancellationToken cancellationToken)
    {
        var warmUp = await LoadPhase.RunAsync(label, settings.Clients, settings.WarmUpDuration, maxOpsPerClient, 0, operation, cancellationToken);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  {warmUp.Label}: {warmUp.Failed} errors, JIT {warmUp.Jit.TotalMilliseconds:0} ms; ops per second (should level off): {string.Join(' ', warmUp.PerSecond)}"));
        return warmUp.Succeeded > 0
            ? warmUp
            : throw new InvalidOperationException($"Every {label} operation failed: {LoadReport.DescribeErrors(warmUp)}");
    }
}
