namespace Coffer.Bench.Load;

/// <summary>One run of the load harness, as given on the command line.</summary>
internal sealed record LoadSettings(
    int Clients,
    TimeSpan PhaseDuration,
    int Rounds,
    int MaxOpsPerPhase,
    int ValueBytes,
    TimeSpan WarmUpDuration,
    int WarmUpOpsPerClient,
    int ColdStartRuns,
    bool CofferHttp,
    string? CofferDll,
    string? JsonPath,
    bool AuditCompare = false)
{
    public PhaseSettings Phases => new(Clients, PhaseDuration, Rounds, MaxOpsPerPhase, WarmUpDuration);

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

        if (ValueBytes is < 1 or > 25 * 1024)
        {
            problems.Add($"--value-bytes {ValueBytes} must be 1-25600 (Key Vault's limit).");
        }

        if (WarmUpDuration <= TimeSpan.Zero || WarmUpDuration > TimeSpan.FromMinutes(10))
        {
            problems.Add($"--warmup-seconds {WarmUpDuration.TotalSeconds} must be above 0 and at most 600.");
        }

        if (WarmUpOpsPerClient is < 1 or > 1_000_000)
        {
            problems.Add($"--warmup-ops {WarmUpOpsPerClient} must be 1-1000000.");
        }

        if (ColdStartRuns is < 0 or > 20)
        {
            problems.Add($"--cold-starts {ColdStartRuns} must be 0-20.");
        }

        if (CofferDll is not null && !File.Exists(CofferDll))
        {
            problems.Add($"--coffer '{CofferDll}' does not exist.");
        }

        return problems;
    }
}
