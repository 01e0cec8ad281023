using System.CommandLine;
using Coffer.Bench.Load;

namespace Coffer.Bench.Backup;

/// <summary>
/// <c>floor-serve</c>: the backup floor alone, until Ctrl+C, for an outside load tool (wrk) and profiler
/// (perf) beside a <c>coffer serve</c>: <c>POST /secrets/s-0/backup</c> answers a blob as long as Coffer's.
/// </summary>
internal static class FloorServeCommand
{
    public static Command Create()
    {
        var objects = new Option<int>("--objects") { Description = "Secrets s-0.. and keys k-0.. the floor holds.", DefaultValueFactory = _ => 100 };
        var secretBlobBytes = new Option<int>("--secret-blob-bytes") { Description = "Length of a secret's blob (Coffer's: see the backup command's report).", DefaultValueFactory = _ => 900 };
        var keyBlobBytes = new Option<int>("--key-blob-bytes") { Description = "Length of a key's blob.", DefaultValueFactory = _ => 6_000 };
        var command = new Command("floor-serve", "Serve the backup floor on a loopback port until Ctrl+C, for wrk and perf.")
        {
            objects, secretBlobBytes, keyBlobBytes,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var floor = new BackupFloor();
            for (var i = 0; i < result.GetValue(objects); i++)
            {
                floor.Add("secrets", BackupObjects.SecretName(i), result.GetValue(secretBlobBytes) - BackupFloor.Overhead);
                floor.Add("keys", BackupObjects.KeyName(i), result.GetValue(keyBlobBytes) - BackupFloor.Overhead);
            }

            await using var host = await FloorHost.StartAsync(floor.Map, cancellationToken);
            await Console.Out.WriteLineAsync($"floor: {host.VaultUrl("coffer")} (pid {Environment.ProcessId}); Ctrl+C stops");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }

            return 0;
        });
        return command;
    }
}
