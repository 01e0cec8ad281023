using System.CommandLine;
using System.Globalization;
using Coffer.Client.Management;

namespace Coffer.Cli.Commands;

/// <summary><c>coffer backup list --vault-name V</c>: the vault's scheduled backup runs, newest first, through the management API.</summary>
internal static class BackupListCommand
{
    public static Command Create()
    {
        var connection = new ManagementConnection();
        var vault = new Option<string>("--vault-name") { Description = "Vault whose scheduled backups to list.", Required = true };
        var top = new Option<int?>("--top") { Description = "At most this many runs (newest first)." };
        var list = new Command("list", "List a vault's scheduled backup runs: time, objects, bytes, digest, outcome.") { vault, top };
        list.SetAction((result, cancellationToken) => connection.RunAsync(result, async client =>
        {
            var runs = await client.ListBackupRunsAsync(result.GetValue(vault)!, result.GetValue(top), cancellationToken);
            if (runs.Count == 0)
            {
                Console.WriteLine($"{result.GetValue(vault)} has no scheduled backup runs.");
                return;
            }

            Console.WriteLine($"{"started (UTC)",-20} {"outcome",-9} {"try",3} {"objects",7} {"bytes",12} {"digest",-64} file or error");
            foreach (var run in runs)
            {
                Console.WriteLine(Line(run));
            }
        }));
        return connection.AddTo(list);
    }

    private static string Line(BackupRunInfo run)
    {
        var started = DateTimeOffset.FromUnixTimeSeconds(run.StartedOn).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        return $"{started,-20} {run.Outcome,-9} {run.Attempt,3} {run.Objects,7} {run.Bytes,12} {run.Digest ?? "-",-64} {run.File ?? run.Error}";
    }
}
