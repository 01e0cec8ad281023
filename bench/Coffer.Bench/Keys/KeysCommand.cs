using System.CommandLine;
using Coffer.Bench.Load;

namespace Coffer.Bench.Keys;

/// <summary><c>keys</c>: key operation throughput beside a floor, and RSA-2048 create latency with and without the key pool.</summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var clients = new Option<int>("--clients") { Description = "Concurrent clients for the key operation phases and the concurrent creates.", DefaultValueFactory = _ => 16 };
        var seconds = new Option<double>("--seconds") { Description = "Duration of each key operation phase per target.", DefaultValueFactory = _ => 10 };
        var rounds = new Option<int>("--rounds") { Description = "Each key operation phase is split into this many slices, alternating Coffer and floor.", DefaultValueFactory = _ => 5 };
        var maxOps = new Option<int>("--max-ops") { Description = "Most operations of one key operation phase, over all clients.", DefaultValueFactory = _ => 500_000 };
        var warmUpSeconds = new Option<double>("--warmup-seconds") { Description = "Unmeasured key operation load on each target before the sign phases, until tiered JIT settles.", DefaultValueFactory = _ => 10 };
        var creates = new Option<int>("--creates") { Description = "RSA-2048 creates one after another (1 client), on each server.", DefaultValueFactory = _ => 40 };
        var createSeconds = new Option<double>("--create-seconds") { Description = "Duration of the concurrent create phase per server.", DefaultValueFactory = _ => 10 };
        var createRounds = new Option<int>("--create-rounds") { Description = "Slices of the concurrent create phase; the pooled server starts each with a full pool.", DefaultValueFactory = _ => 2 };
        var createMaxOps = new Option<int>("--create-max-ops") { Description = "Most creates of the concurrent phase per server.", DefaultValueFactory = _ => 2_000 };
        var poolSize = new Option<int>("--pool-size") { Description = "RsaKeyPoolSize of the pooled server (the other has 0).", DefaultValueFactory = _ => 4 };
        var json = new Option<string?>("--json") { Description = "Also write the JSON summary to this file." };
        var skipCreates = new Option<bool>("--skip-creates") { Description = "Only the key operation phases and the sign steps: no RSA-2048 creates." };

        var command = new Command("keys", "Sign, verify, wrap, unwrap, encrypt and decrypt throughput beside a Kestrel floor; RSA-2048 create latency with and without the key pool.")
        {
            clients, seconds, rounds, maxOps, warmUpSeconds, creates, createSeconds, createRounds, createMaxOps, poolSize, json, skipCreates,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var settings = new KeysSettings(
                new PhaseSettings(result.GetValue(clients), TimeSpan.FromSeconds(result.GetValue(seconds)), result.GetValue(rounds), result.GetValue(maxOps),
                    TimeSpan.FromSeconds(result.GetValue(warmUpSeconds))),
                result.GetValue(creates),
                TimeSpan.FromSeconds(result.GetValue(createSeconds)),
                result.GetValue(createRounds),
                result.GetValue(createMaxOps),
                result.GetValue(poolSize),
                result.GetValue(json),
                result.GetValue(skipCreates));
            var problems = settings.Validate();
            if (problems.Count > 0)
            {
                await Console.Error.WriteLineAsync(string.Join(Environment.NewLine, problems));
                return 2;
            }

            return await KeysRun.RunAsync(settings, Console.Out, cancellationToken);
        });
        return command;
    }
}
