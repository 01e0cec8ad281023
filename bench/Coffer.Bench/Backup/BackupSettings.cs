using Coffer.Bench.Load;

namespace Coffer.Bench.Backup;

/// <summary>One run of the <c>backup</c> command, as given on the command line.</summary>
internal sealed record BackupSettings(
    PhaseSettings Phases, int Objects, int ValueBytes, int HistoryVersions, int HistoryRuns, bool Sdk, bool AuditCompare, string? JsonPath)
{
    /// <summary>The goal the issue states for backup: ops/s, and share of the floor's ops/s.</summary>
    public const double GoalOpsPerSecond = 4_000;

    public const double GoalFloorShare = 0.5;

    public const int SecretVersions = 3;

    /// <summary>Distinct RSA keys generated through the API; the <see cref="Objects"/> keys are copies of them.</summary>
    public const int KeyTemplates = 8;

    /// <summary>Most restores of one kind on one Coffer: two targets' warm-ups and phases. Restore vaults fill <see cref="Objects"/> at a time.</summary>
    public long MaxRestoresPerKind => 4L * Phases.MaxOpsPerPhase;

    public IReadOnlyList<string> Validate()
    {
        var problems = Phases.Validate().ToList();
        if (Objects is < 100 or > 100_000)
        {
            problems.Add($"--objects {Objects} must be 100-100000.");
        }

        if (ValueBytes is < 1 or > 25 * 1024)
        {
            problems.Add($"--value-bytes {ValueBytes} must be 1-25600 (Key Vault's limit).");
        }

        if (HistoryVersions is < 0 or > 100_000)
        {
            problems.Add($"--history-versions {HistoryVersions} must be 0-100000 (0 skips the long-history probe).");
        }

        if (HistoryRuns is < 1 or > 10)
        {
            problems.Add($"--history-runs {HistoryRuns} must be 1-10.");
        }

        if (MaxRestoresPerKind / Objects > 2_000)
        {
            problems.Add($"--max-ops {Phases.MaxOpsPerPhase} over --objects {Objects} could need more than 2000 restore vaults: raise --objects or lower --max-ops.");
        }

        return problems;
    }
}
