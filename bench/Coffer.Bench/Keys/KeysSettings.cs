using Coffer.Bench.Load;

namespace Coffer.Bench.Keys;

/// <summary>One run of the <c>keys</c> command, as given on the command line.</summary>
internal sealed record KeysSettings(
    PhaseSettings Sign, int SequentialCreates, TimeSpan CreateDuration, int CreateRounds, int CreateMaxOps, int PoolSize, string? JsonPath, bool SkipCreates = false)
{
    /// <summary>Longest a sequential create series may take, whatever its count.</summary>
    public static readonly TimeSpan SequentialDeadline = TimeSpan.FromSeconds(120);

    /// <summary>The concurrent create phase: the sign phases' clients, with its own length, slices and budget.</summary>
    public PhaseSettings Create => Sign with { PhaseDuration = CreateDuration, Rounds = CreateRounds, MaxOpsPerPhase = CreateMaxOps };

    public IReadOnlyList<string> Validate()
    {
        var problems = Sign.Validate().ToList();
        if (SequentialCreates is < 1 or > 1000)
        {
            problems.Add($"--creates {SequentialCreates} must be 1-1000.");
        }

        if (CreateDuration <= TimeSpan.Zero || CreateDuration > TimeSpan.FromMinutes(10))
        {
            problems.Add($"--create-seconds {CreateDuration.TotalSeconds} must be above 0 and at most 600.");
        }

        if (CreateRounds is < 1 or > 20 || (CreateRounds > 0 && CreateDuration / CreateRounds < TimeSpan.FromMilliseconds(250)))
        {
            problems.Add($"--create-rounds {CreateRounds} must be 1-20, with slices of --create-seconds / --create-rounds at least 0.25 s.");
        }

        if (CreateMaxOps < Sign.Clients || CreateMaxOps > 100_000)
        {
            problems.Add($"--create-max-ops {CreateMaxOps} must be at least --clients and at most 100000.");
        }

        if (PoolSize is < 1 or > 64)
        {
            problems.Add($"--pool-size {PoolSize} must be 1-64 (the other server always runs without a pool).");
        }

        return problems;
    }
}
