using System.CommandLine;

namespace Coffer.Bench.Load;

/// <summary>The options of the commands that drive secret load (<c>load</c>, <c>nodes</c>): one definition, each command its defaults.</summary>
internal sealed class LoadOptions
{
    public LoadOptions(double seconds, int rounds, double warmUpSeconds)
    {
        Seconds = new("--seconds") { Description = "Duration of each measured phase, per target.", DefaultValueFactory = _ => seconds };
        Rounds = new("--rounds") { Description = "Each phase is split into this many slices, alternating the targets, so drifting background load hits them all.", DefaultValueFactory = _ => rounds };
        WarmUpSeconds = new("--warmup-seconds") { Description = "Unmeasured set+get load before a target's phases, until tiered JIT settles.", DefaultValueFactory = _ => warmUpSeconds };
    }

    public Option<int> Clients { get; } = new("--clients") { Description = "Concurrent clients, each with its own connections.", DefaultValueFactory = _ => 16 };

    public Option<double> Seconds { get; }

    public Option<int> Rounds { get; }

    public Option<int> MaxOps { get; } = new("--max-ops") { Description = "Most operations of one phase, over all clients.", DefaultValueFactory = _ => 500_000 };

    public Option<int> ValueBytes { get; } = new("--value-bytes") { Description = "Size of each secret value.", DefaultValueFactory = _ => 64 };

    public Option<double> WarmUpSeconds { get; }

    public Option<int> WarmUpOps { get; } = new("--warmup-ops") { Description = "Most warm-up operations per client.", DefaultValueFactory = _ => 50_000 };

    public Option<string?> Json { get; } = new("--json") { Description = "Also write the JSON summary to this file." };

    public IEnumerable<Option> All => [Clients, Seconds, Rounds, MaxOps, ValueBytes, WarmUpSeconds, WarmUpOps, Json];

    /// <summary>The settings these options give, with the <c>load</c>-only ones passed in.</summary>
    public LoadSettings Bind(ParseResult result, int coldStarts = 0, bool cofferHttp = false, string? coffer = null, bool auditCompare = false) =>
        new(result.GetValue(Clients),
            TimeSpan.FromSeconds(result.GetValue(Seconds)),
            result.GetValue(Rounds),
            result.GetValue(MaxOps),
            result.GetValue(ValueBytes),
            TimeSpan.FromSeconds(result.GetValue(WarmUpSeconds)),
            result.GetValue(WarmUpOps),
            coldStarts,
            cofferHttp,
            coffer,
            result.GetValue(Json),
            auditCompare);
}
