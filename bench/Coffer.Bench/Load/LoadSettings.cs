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

    /// <summary>Every problem at once, so one failed start lists them all.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = Phases.Validate().ToList();
        if (ValueBytes is < 1 or > 25 * 1024)
        {
            problems.Add($"--value-bytes {ValueBytes} must be 1-25600 (Key Vault's limit).");
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
