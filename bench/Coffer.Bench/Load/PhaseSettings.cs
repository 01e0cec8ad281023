namespace Coffer.Bench.Load;

/// <summary>How the measured phases of a command run: clients, length, slices (rounds) and budgets.</summary>
internal sealed record PhaseSettings(int Clients, TimeSpan PhaseDuration, int Rounds, int MaxOpsPerPhase, TimeSpan WarmUpDuration)
{
    public int MaxOpsPerClient => Math.Max(1, MaxOpsPerPhase / Clients);

    public TimeSpan SliceDuration => PhaseDuration / Rounds;

    /// <summary>Each slice's share of a client's operation budget.</summary>
    public int MaxOpsPerClientPerSlice => (MaxOpsPerClient + Rounds - 1) / Rounds;

    /// <summary>Every problem at once, so one failed start lists them all.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Clients is < 1 or > 1024)
        {
            problems.Add($"--clients {Clients} must be 1-1024.");
        }

        if (PhaseDuration <= TimeSpan.Zero || PhaseDuration > TimeSpan.FromHours(1))
        {
            problems.Add($"--seconds {PhaseDuration.TotalSeconds} must be above 0 and at most 3600.");
        }

        if (Rounds is < 1 or > 50 || (Rounds > 0 && SliceDuration < TimeSpan.FromMilliseconds(250)))
        {
            problems.Add($"--rounds {Rounds} must be 1-50, with slices of --seconds / --rounds at least 0.25 s.");
        }

        if (MaxOpsPerPhase < Clients || MaxOpsPerPhase > 10_000_000)
        {
            problems.Add($"--max-ops {MaxOpsPerPhase} must be at least --clients and at most 10000000.");
        }

        if (WarmUpDuration <= TimeSpan.Zero || WarmUpDuration > TimeSpan.FromMinutes(10))
        {
            problems.Add($"--warmup-seconds {WarmUpDuration.TotalSeconds} must be above 0 and at most 600.");
        }

        return problems;
    }
}
