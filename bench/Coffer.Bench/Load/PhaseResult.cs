namespace Coffer.Bench.Load;

/// <summary>
/// One phase over all clients — possibly several slices interleaved with the other target's — as
/// throughput of successful operations, their latency, and the failures.
/// </summary>
internal sealed class PhaseResult
{
    private PhaseResult(
        string label, IReadOnlyList<ClientTally> tallies, IReadOnlyList<TimeSpan> sliceElapsed, IReadOnlyList<long> sliceSucceeded,
        IReadOnlyList<int> perSecond, TimeSpan cpu, long allocatedBytes, TimeSpan gcPause, TimeSpan jit)
    {
        Jit = jit;
        AllocatedBytes = allocatedBytes;
        GcPause = gcPause;
        Label = label;
        Tallies = tallies;
        SliceElapsed = sliceElapsed;
        SliceSucceeded = sliceSucceeded;
        PerSecond = perSecond;
        Cpu = cpu;
        var latencies = tallies.SelectMany(t => t.LatenciesMs).ToArray();
        Array.Sort(latencies);
        SortedLatenciesMs = latencies;
        Errors = tallies.SelectMany(t => t.Errors)
            .GroupBy(e => e.Key, e => e.Value)
            .ToDictionary(g => g.Key, g => g.Sum());
        ErrorSamples = tallies.SelectMany(t => t.ErrorSamples)
            .GroupBy(e => e.Key, e => e.Value)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.SelectMany(s => s).Distinct().Take(3).ToList());
    }

    public string Label { get; }

    public IReadOnlyList<ClientTally> Tallies { get; }

    /// <summary>Wall time of each slice; throughput counts only time this target was under load.</summary>
    public IReadOnlyList<TimeSpan> SliceElapsed { get; }

    public IReadOnlyList<long> SliceSucceeded { get; }

    public IReadOnlyList<double> SliceOpsPerSecond => SliceSucceeded.Zip(SliceElapsed, (ops, elapsed) => ops / elapsed.TotalSeconds).ToArray();

    /// <summary>Successes in each whole second, slice after slice, to show whether throughput was steady.</summary>
    public IReadOnlyList<int> PerSecond { get; }

    public IReadOnlyList<double> SortedLatenciesMs { get; }

    /// <summary>CPU time of the whole process (clients and server) during the phase.</summary>
    public TimeSpan Cpu { get; }

    /// <summary>CPU per successful operation: unlike ops/s, barely moved by other processes competing for the cores.</summary>
    public double CpuMicrosPerOp => Succeeded > 0 ? Cpu.TotalMicroseconds / Succeeded : 0;

    /// <summary>Bytes the whole process allocated on the managed heap during the phase.</summary>
    public long AllocatedBytes { get; }

    /// <summary>Time the whole process spent paused for garbage collection during the phase.</summary>
    public TimeSpan GcPause { get; }

    /// <summary>Time the JIT spent compiling during the phase: well above zero, the warm-up was too short.</summary>
    public TimeSpan Jit { get; }

    public double AllocatedKbPerOp => Succeeded > 0 ? AllocatedBytes / 1024.0 / Succeeded : 0;

    /// <summary>Share of the phase's wall time spent in GC pauses.</summary>
    public double GcPausePercent => Elapsed > TimeSpan.Zero ? 100 * GcPause / Elapsed : 0;

    public IReadOnlyDictionary<string, int> Errors { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> ErrorSamples { get; }

    public TimeSpan Elapsed => SliceElapsed.Aggregate(TimeSpan.Zero, (sum, slice) => sum + slice);

    public long Succeeded => SortedLatenciesMs.Count;

    public long Failed => Errors.Values.Sum();

    public double OpsPerSecond => Elapsed > TimeSpan.Zero ? Succeeded / Elapsed.TotalSeconds : 0;

    public double P50Ms => Percentile(0.50);

    public double P99Ms => Percentile(0.99);

    public double MaxMs => SortedLatenciesMs.Count == 0 ? 0 : SortedLatenciesMs[^1];

    public static PhaseResult From(string label, IReadOnlyList<ClientTally> tallies, TimeSpan elapsed, TimeSpan cpu, long allocatedBytes, TimeSpan gcPause, TimeSpan jit)
    {
        var seconds = tallies.Count == 0 ? 0 : tallies.Max(t => t.PerSecond.Count);
        var perSecond = Enumerable.Range(0, seconds)
            .Select(second => tallies.Sum(t => second < t.PerSecond.Count ? t.PerSecond[second] : 0))
            .ToArray();
        return new PhaseResult(label, tallies, [elapsed], [tallies.Sum(t => (long)t.LatenciesMs.Count)], perSecond, cpu, allocatedBytes, gcPause, jit);
    }

    /// <summary>The slices of one phase as one result.</summary>
    public static PhaseResult Combine(string label, IReadOnlyList<PhaseResult> slices) =>
        new(label, [.. slices.SelectMany(s => s.Tallies)], [.. slices.SelectMany(s => s.SliceElapsed)],
            [.. slices.SelectMany(s => s.SliceSucceeded)], [.. slices.SelectMany(s => s.PerSecond)],
            slices.Aggregate(TimeSpan.Zero, (sum, slice) => sum + slice.Cpu), slices.Sum(s => s.AllocatedBytes),
            slices.Aggregate(TimeSpan.Zero, (sum, slice) => sum + slice.GcPause), slices.Aggregate(TimeSpan.Zero, (sum, slice) => sum + slice.Jit));

    /// <summary>Nearest-rank percentile.</summary>
    private double Percentile(double p)
    {
        if (SortedLatenciesMs.Count == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(p * SortedLatenciesMs.Count);
        return SortedLatenciesMs[Math.Clamp(rank - 1, 0, SortedLatenciesMs.Count - 1)];
    }
}
