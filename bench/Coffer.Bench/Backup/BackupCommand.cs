using System.CommandLine;
using Coffer.Bench.Load;

namespace Coffer.Bench.Backup;

/// <summary><c>backup</c>: backup and restore of secrets and RSA keys beside a floor; memory and time of a 10 000-version backup.</summary>
internal static class BackupCommand
{
    public static Command Create()
    {
        var clients = new Option<int>("--clients") { Description = "Concurrent clients, each with its own connections.", DefaultValueFactory = _ => 16 };
        var seconds = new Option<double>("--seconds") { Description = "Duration of each phase per target.", DefaultValueFactory = _ => 10 };
        var rounds = new Option<int>("--rounds") { Description = "Each phase is split into this many slices, alternating the targets.", DefaultValueFactory = _ => 5 };
        var maxOps = new Option<int>("--max-ops") { Description = "Most operations of one phase per target, over all clients.", DefaultValueFactory = _ => 500_000 };
        var warmUpSeconds = new Option<double>("--warmup-seconds") { Description = "Unmeasured backup+restore load on each target first, until tiered JIT settles.", DefaultValueFactory = _ => 10 };
        var objects = new Option<int>("--objects") { Description = "Secrets (3 versions each) and RSA keys (1-2 versions) to back up; each restore vault takes one of each blob.", DefaultValueFactory = _ => 2_000 };
        var valueBytes = new Option<int>("--value-bytes") { Description = "Size of each secret version's value.", DefaultValueFactory = _ => 64 };
        var historyVersions = new Option<int>("--history-versions") { Description = "Versions of the one long-history secret whose backup and restore are timed, with RSS; 0 skips.", DefaultValueFactory = _ => 10_000 };
        var historyRuns = new Option<int>("--history-runs") { Description = "Backups and restores of the long-history secret.", DefaultValueFactory = _ => 3 };
        var noSdk = new Option<bool>("--no-sdk") { Description = "Skip the SecretClient target (coffer); plain HttpClients only." };
        var auditOff = new Option<bool>("--audit-off") { Description = "Also drive a second Coffer with its audit log off (serve --no-audit) through plain HttpClients in the same interleaved phases, to show the audit log's share of the gap to the floor." };
        var json = new Option<string?>("--json") { Description = "Also write the JSON summary to this file." };

        var command = new Command("backup", "Backup and restore ops/s of secrets and RSA keys beside a Kestrel + AES-GCM floor; a 10 000-version backup's time and RSS.")
        {
            clients, seconds, rounds, maxOps, warmUpSeconds, objects, valueBytes, historyVersions, historyRuns, noSdk, auditOff, json,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var settings = new BackupSettings(
                new PhaseSettings(result.GetValue(clients), TimeSpan.FromSeconds(result.GetValue(seconds)), result.GetValue(rounds),
                    result.GetValue(maxOps), TimeSpan.FromSeconds(result.GetValue(warmUpSeconds))),
                result.GetValue(objects),
                result.GetValue(valueBytes),
                result.GetValue(historyVersions),
                result.GetValue(historyRuns),
                !result.GetValue(noSdk),
                result.GetValue(auditOff),
                result.GetValue(json));
            var problems = settings.Validate();
            if (problems.Count > 0)
            {
                await Console.Error.WriteLineAsync(string.Join(Environment.NewLine, problems));
                return 2;
            }

            return await BackupRun.RunAsync(settings, Console.Out, cancellationToken);
        });
        return command;
    }
}
