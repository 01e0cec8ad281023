using System.CommandLine;

namespace Coffer.Bench.Load;

/// <summary><c>load</c>: cold start of <c>coffer serve</c>, then Coffer and the floor under the same load.</summary>
internal static class LoadCommand
{
    public static Command Create()
    {
        var clients = new Option<int>("--clients") { Description = "Concurrent clients, each with its own connections.", DefaultValueFactory = _ => 16 };
        var seconds = new Option<double>("--seconds") { Description = "Duration of each measured phase.", DefaultValueFactory = _ => 10 };
        var rounds = new Option<int>("--rounds") { Description = "Each phase is split into this many slices, alternating Coffer and floor, so drifting background load hits both.", DefaultValueFactory = _ => 5 };
        var maxOps = new Option<int>("--max-ops") { Description = "Most operations of one phase, over all clients.", DefaultValueFactory = _ => 500_000 };
        var valueBytes = new Option<int>("--value-bytes") { Description = "Size of each secret value.", DefaultValueFactory = _ => 64 };
        var warmUpSeconds = new Option<double>("--warmup-seconds") { Description = "Unmeasured set+get load before a target's phases, until tiered JIT settles.", DefaultValueFactory = _ => 15 };
        var warmUp = new Option<int>("--warmup-ops") { Description = "Most warm-up set+get pairs per client.", DefaultValueFactory = _ => 50_000 };
        var coldStarts = new Option<int>("--cold-starts") { Description = "Cold-start runs (each: new data dir, then a restart); medians are reported. 0 skips.", DefaultValueFactory = _ => 3 };
        var cofferHttp = new Option<bool>("--coffer-http") { Description = "Also drive Coffer with the floor's plain HttpClients and a bearer token, to split SDK cost from server cost." };
        var coffer = new Option<string?>("--coffer") { Description = "The built coffer.dll for the cold-start probe (default: this repo's src/Coffer build)." };
        var auditOff = new Option<bool>("--audit-off") { Description = "Also drive a second Coffer with the audit log off, in the same interleaved phases, to report the audit log's cost as a ratio." };
        var json = new Option<string?>("--json") { Description = "Also write the JSON summary to this file." };

        var command = new Command("load", "Drive Coffer and a minimal Kestrel floor with concurrent clients; report ops/s, latency and ratios.")
        {
            clients, seconds, rounds, maxOps, valueBytes, warmUpSeconds, warmUp, coldStarts, cofferHttp, coffer, json, auditOff,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var settings = new LoadSettings(
                result.GetValue(clients),
                TimeSpan.FromSeconds(result.GetValue(seconds)),
                result.GetValue(rounds),
                result.GetValue(maxOps),
                result.GetValue(valueBytes),
                TimeSpan.FromSeconds(result.GetValue(warmUpSeconds)),
                result.GetValue(warmUp),
                result.GetValue(coldStarts),
                result.GetValue(cofferHttp),
                result.GetValue(coffer),
                result.GetValue(json),
                result.GetValue(auditOff));
            var problems = settings.Validate();
            if (problems.Count > 0)
            {
                await Console.Error.WriteLineAsync(string.Join(Environment.NewLine, problems));
                return 2;
            }

            return await LoadRun.RunAsync(settings, Console.Out, cancellationToken);
        });
        return command;
    }
}
