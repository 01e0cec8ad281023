using System.Diagnostics;

namespace Coffer.Bench.Load;

/// <summary>
/// What one step of a request costs when run alone, on one thread, over and over: CPU of the whole
/// process (the servers idle meanwhile), wall time and managed allocation per call. Cheap profiling: it says which part of a
/// request dominates without a profiler.
/// </summary>
internal sealed record StepCost(string Step, int Calls, double CpuMicrosPerCall, double WallMicrosPerCall, double AllocatedKbPerCall)
{
    public static readonly TimeSpan DefaultBudget = TimeSpan.FromSeconds(1.5);

    public static Task<StepCost> MeasureAsync(string name, int maxCalls, Func<int, Task> step, CancellationToken cancellationToken) =>
        MeasureAsync(name, maxCalls, DefaultBudget, step, cancellationToken);

    public static Task<StepCost> MeasureAsync(string name, int maxCalls, Action<int> step, CancellationToken cancellationToken) =>
        MeasureAsync(name, maxCalls, DefaultBudget, i =>
        {
            step(i);
            return Task.CompletedTask;
        }, cancellationToken);

    /// <param name="budget">Measured calls stop after this much wall time, or at <paramref name="maxCalls"/> calls in all.</param>
    /// <param name="step">Called with 0, 1, 2...: a tenth (at most 200) unmeasured warm-up calls first, then the measured ones.</param>
    public static async Task<StepCost> MeasureAsync(string name, int maxCalls, TimeSpan budget, Func<int, Task> step, CancellationToken cancellationToken)
    {
        var warmUp = Math.Clamp(maxCalls / 10, 1, 200);
        for (var i = 0; i < warmUp; i++)
        {
            await step(i);
        }

        var cpuBefore = Environment.CpuUsage.TotalTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var calls = 0;
        while (calls < maxCalls - warmUp && clock.Elapsed < budget)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await step(warmUp + calls);
            calls++;
        }

        var wall = clock.Elapsed;
        var cpu = Environment.CpuUsage.TotalTime - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        return calls == 0
            ? new StepCost(name, 0, 0, 0, 0)
            : new StepCost(name, calls, LoadSummary.Round(cpu.TotalMicroseconds / calls, 1), LoadSummary.Round(wall.TotalMicroseconds / calls, 1),
                LoadSummary.Round(allocated / 1024.0 / calls, 1));
    }
}
