using System.CommandLine;
using System.Text.Json;
using Coffer.Core.Backup.Archive;

namespace Coffer.Cli.Commands;

/// <summary>
/// <c>coffer restore vault --from F (--vault-name V | --vault-url URL) [--on-conflict fail|skip|overwrite-if-purged]</c>:
/// checks the whole archive first (a changed byte or a cut refuses it, nothing written), then restores it —
/// through Coffer's restore endpoint, or object by object against any other Key Vault (or with <c>--per-object</c>) —
/// and prints what happened to each object.
/// </summary>
internal static class VaultRestoreCommand
{
    public static Command Create()
    {
        var connection = new VaultConnection();
        var from = new Option<string>("--from") { Description = "Vault archive to restore (from coffer backup vault).", Required = true };
        var onConflict = new Option<string>("--on-conflict")
        {
            Description = "A name already taken in the vault: fail (check first, write nothing), skip, or overwrite-if-purged (purge a soft-deleted one and restore).",
            DefaultValueFactory = _ => "fail",
        };
        onConflict.AcceptOnlyFromAmong("fail", "skip", "overwrite-if-purged");
        var perObject = new Option<bool>("--per-object") { Description = "Restore object by object even when the endpoint is a Coffer." };
        var parallel = new Option<int>("--parallel") { Description = "Objects restored at once, per object (1-16).", DefaultValueFactory = _ => 4 };
        parallel.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 16) { r.AddError("--parallel must be 1 to 16."); } });
        var format = OutputFormatOption.Create();
        var restore = new Command("vault", $"Restore a whole-vault archive into a vault. {VaultConnection.RuleHelp}") { from, onConflict, perObject, parallel, format };
        foreach (var option in connection.All)
        {
            restore.Options.Add(option);
        }

        restore.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var vault = connection.Resolve(result);
            var path = result.GetValue(from)!;
            if (!File.Exists(path))
            {
                throw new CliInputException($"{path} does not exist.");
            }

            await using var archive = File.OpenRead(path);
            var entries = new List<VaultArchiveEntry>();
            var summary = await VaultArchiveReader.VerifyAsync(archive, null, entries.Add, cancellationToken);
            var policyName = result.GetValue(onConflict)!;
            var policy = policyName switch
            {
                "skip" => VaultRestoreConflictPolicy.Skip,
                "overwrite-if-purged" => VaultRestoreConflictPolicy.OverwriteIfPurged,
                _ => VaultRestoreConflictPolicy.Fail,
            };
            var throttle = new ThrottleCounter();
            var client = connection.CreateClient(result, vault, throttle);
            var progress = new RunProgress("restored", result.GetValue(format));
            archive.Position = 0;
            VaultRestoreReport? report = null;
            if (!result.GetValue(perObject) && await client.TryRestoreArchiveAsync(archive, policyName, cancellationToken) is { } answer)
            {
                report = answer.Deserialize(CliJsonContext.Default.VaultRestoreReport);
            }

            if (report is null)
            {
                var perObjectRestore = new PerObjectVaultRestore(client, result.GetValue(parallel));
                if (policy == VaultRestoreConflictPolicy.Fail && await perObjectRestore.TakenNamesAsync(entries, cancellationToken) is { Count: > 0 } taken)
                {
                    await Console.Error.WriteLineAsync(
                        $"error: 409 Conflict: {taken.Count} name(s) of the archive are taken in {vault} (active or soft-deleted): {string.Join(", ", taken.Take(20))}. Nothing was restored; see --on-conflict.");
                    return ExitCodes.Conflict;
                }

                archive.Position = 0;
                await progress.RunAsync(summary.ObjectCount, 0, async advance => report = await perObjectRestore.RestoreAsync(archive, policy, advance, cancellationToken));
            }

            RestoreReportPrinter.Print(result.GetValue(format), vault, report!, throttle);
            return ExitCodeOf(report!);
        }));
        return new Command("restore", "Restore whole vaults.") { restore };
    }

    /// <summary>0 when nothing failed; when every failure is of one kind — conflict, access, throttling — its code; else 1.</summary>
    private static int ExitCodeOf(VaultRestoreReport report)
    {
        var codes = report.Failed.Select(f => f.Code switch
        {
            "Conflict" => ExitCodes.Conflict,
            "Forbidden" or "Unauthorized" => ExitCodes.Auth,
            "Throttled" => ExitCodes.Throttled,
            _ => ExitCodes.Other,
        }).Distinct().ToList();
        return codes.Count switch
        {
            0 => ExitCodes.Ok,
            1 => codes[0],
            _ => ExitCodes.Other,
        };
    }
}
