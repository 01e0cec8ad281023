using System.CommandLine;
using Coffer.Bench.Load;

namespace Coffer.Bench.VaultBackup;

/// <summary><c>vault-backup</c>: a whole vault backed up by the snapshot endpoint and by the per-object REST loop, in the same run.</summary>
internal static class VaultBackupCommand
{
    public static Command Create()
    {
        var objects = new Option<int>("--objects") { Description = "Objects in the vault (9 secrets for every EC key).", DefaultValueFactory = _ => 10_000 };
        var versions = new Option<int>("--versions") { Description = "Versions of every object.", DefaultValueFactory = _ => 3 };
        var valueBytes = new Option<int>("--value-bytes") { Description = "Size of each secret version's value.", DefaultValueFactory = _ => 64 };
        var parallelism = new Option<int>("--parallelism") { Description = "Concurrent backups of the REST loop, each on its own connection.", DefaultValueFactory = _ => 16 };
        var runs = new Option<int>("--runs") { Description = "Timed runs of each path, alternating, after one warm-up of each.", DefaultValueFactory = _ => 2 };
        var coffer = new Option<string?>("--coffer") { Description = "The coffer.dll to serve with (default: this repo's build)." };
        var json = new Option<string?>("--json") { Description = "Also write the JSON summary to this file." };
        var command = new Command("vault-backup", "Whole-vault backup: Coffer's snapshot endpoint vs the per-object REST loop; time and peak RSS of server and client.")
        {
            objects, versions, valueBytes, parallelism, runs, coffer, json,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var settings = new VaultBackupSettings(result.GetValue(objects), result.GetValue(versions), result.GetValue(valueBytes),
                result.GetValue(parallelism), result.GetValue(runs), result.GetValue(coffer) ?? ColdStartProbe.DefaultCofferDll(), result.GetValue(json));
            var problems = settings.Validate();
            if (problems.Count > 0)
            {
                await Console.Error.WriteLineAsync(string.Join(Environment.NewLine, problems));
                return 2;
            }

            return await VaultBackupRun.RunAsync(settings, Console.Out, cancellationToken);
        });
        return command;
    }
}
