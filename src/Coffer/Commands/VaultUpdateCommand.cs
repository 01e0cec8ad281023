using System.CommandLine;
using System.CommandLine.Parsing;
using Coffer.Client.Management;

namespace Coffer.Cli.Commands;

/// <summary>
/// <c>coffer vault update</c>: a vault's authorization mode and its backup schedule (a cron expression in UTC or an
/// ISO 8601 interval, a directory on the server, retention), or <c>--no-backup-schedule</c> to remove it.
/// </summary>
internal static class VaultUpdateCommand
{
    public static Command Create(ManagementConnection connection)
    {
        var name = new Option<string>("--name") { Description = "Vault name.", Required = true };
        var rbac = new Option<bool>("--enable-rbac-authorization") { Description = "true: role assignments decide access; false: access policies." };
        var cron = new Option<string?>("--backup-cron") { Description = "Back the vault up on this cron schedule, in UTC (e.g. \"0 2 * * *\")." };
        var interval = new Option<string?>("--backup-interval") { Description = "Back the vault up every ISO 8601 interval (e.g. PT6H)." };
        var destination = new Option<string?>("--backup-destination") { Description = "Directory on the server the scheduled archives go to." };
        var keepLast = new Option<int?>("--backup-keep-last") { Description = "Keep the newest N scheduled archives." };
        var keepDays = new Option<int?>("--backup-keep-days") { Description = "Keep the scheduled archives of the last N days." };
        var noSchedule = new Option<bool>("--no-backup-schedule") { Description = "Stop backing the vault up on a schedule." };
        var update = new Command("update", "Change a vault's authorization mode or backup schedule.")
        {
            name, rbac, cron, interval, destination, keepLast, keepDays, noSchedule,
        };
        Option[] schedule = [cron, interval, destination, keepLast, keepDays];
        update.Validators.Add(result =>
        {
            var scheduling = schedule.Any(o => Given(result, o));
            if (!scheduling && !Given(result, rbac) && !Given(result, noSchedule))
            {
                result.AddError("Give --enable-rbac-authorization, a backup schedule (--backup-cron or --backup-interval with --backup-destination) or --no-backup-schedule.");
            }
            else if (scheduling && Given(result, noSchedule))
            {
                result.AddError("--no-backup-schedule cannot be given with a backup schedule.");
            }
            else if (scheduling && (Given(result, cron) == Given(result, interval) || !Given(result, destination)))
            {
                result.AddError("A backup schedule needs one of --backup-cron and --backup-interval, and --backup-destination.");
            }
        });
        update.SetAction((result, cancellationToken) => connection.RunAsync(result, async client =>
        {
            var vault = result.GetValue(name)!;
            if (Given(result, rbac))
            {
                var updated = await client.UpdateVaultAsync(vault, result.GetValue(rbac), cancellationToken);
                Console.WriteLine($"{updated.Name} now uses {VaultCommand.Mode(updated)}.");
            }

            if (Given(result, noSchedule))
            {
                await client.DeleteBackupScheduleAsync(vault, cancellationToken);
                Console.WriteLine($"{vault} is no longer backed up on a schedule.");
            }
            else if (Given(result, destination))
            {
                var set = await client.SetBackupScheduleAsync(vault, new BackupScheduleRequest(result.GetValue(cron), result.GetValue(interval),
                    result.GetValue(destination)!, result.GetValue(keepLast), result.GetValue(keepDays)), cancellationToken);
                Console.WriteLine($"{set.Vault} is backed up {(set.Cron is { } c ? $"on cron '{c}' (UTC)" : $"every {set.Interval}")} to {set.Destination}"
                    + $"{Retention(set)}; next run {DateTimeOffset.FromUnixTimeSeconds(set.NextRunOn):u}.");
            }
        }));
        return update;
    }

    /// <summary>Given on the command line (a flag's implicit default does not count).</summary>
    private static bool Given(SymbolResult result, Option option) => result.GetResult(option) is { Implicit: false };

    private static bool Given(ParseResult result, Option option) => result.GetResult(option) is { Implicit: false };

    private static string Retention(BackupScheduleInfo schedule) => (schedule.KeepLast, schedule.KeepDays) switch
    {
        (null, null) => ", keeping every archive",
        ({ } last, null) => $", keeping the last {last}",
        (null, { } days) => $", keeping {days} days",
        ({ } last, { } days) => $", keeping the last {last} and those of the last {days} days",
    };
}
