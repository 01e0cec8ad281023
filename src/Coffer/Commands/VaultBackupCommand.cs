using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Coffer.Core;
using Coffer.Core.Backup.Archive;

namespace Coffer.Cli.Commands;

/// <summary>
/// <c>coffer backup vault (--vault-name V | --vault-url URL) --out F</c>: a whole-vault archive
/// (docs/backup-format.md, "Vault archive"). Against Coffer, its point-in-time snapshot endpoint; against
/// any other Key Vault (or with <c>--per-object</c>), object by object with bounded parallelism, 429s waited
/// out as the SDKs do, resumable with <c>--resume</c> from the journal beside <c>--out</c>.
/// </summary>
internal static class VaultBackupCommand
{
    public static Command Create()
    {
        var connection = new VaultConnection();
        var output = new Option<string>("--out") { Description = "Archive file to write.", Required = true };
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted per-object run from its journal ({out}.journal): fetched objects are not fetched again." };
        var perObject = new Option<bool>("--per-object") { Description = "Back up object by object even when the endpoint is a Coffer (its snapshot is the default there)." };
        var parallel = new Option<int>("--parallel") { Description = "Objects fetched at once, per object (1-16).", DefaultValueFactory = _ => 4 };
        parallel.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 16) { r.AddError("--parallel must be 1 to 16."); } });
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace --out if it exists." };
        var format = OutputFormatOption.Create();
        var command = new Command("vault", $"Back up a whole vault into one archive. {VaultConnection.RuleHelp}") { output, resume, perObject, parallel, overwrite, format };
        foreach (var option in connection.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var path = Path.GetFullPath(result.GetValue(output)!);
            var journal = await VaultBackupJournal.OpenAsync(path, cancellationToken);
            if (result.GetValue(resume) != journal is not null)
            {
                throw new CliInputException(journal is null
                    ? $"There is no interrupted run to resume ({VaultBackupJournal.DirectoryFor(path)} does not exist)."
                    : $"An interrupted run left {journal.Directory}: pass --resume to continue it, or delete it to start again.");
            }

            BlobFile.EnsureWritable(path, result.GetValue(overwrite));
            var vault = journal is not null && result.GetValue(connection.VaultName) is null && result.GetValue(connection.VaultUrl) is null
                ? new Uri(journal.Plan.VaultUrl)
                : connection.Resolve(result);
            if (journal is not null && vault != new Uri(journal.Plan.VaultUrl))
            {
                throw new CliInputException($"The interrupted run backed up {journal.Plan.VaultUrl}, not {vault}.");
            }

            var throttle = new ThrottleCounter();
            var client = connection.CreateClient(result, vault, throttle);
            var progress = new RunProgress("backed up", result.GetValue(format));
            var temporary = path + ".partial";
            if (journal is null && !result.GetValue(perObject) && await TrySnapshotAsync(client, temporary, cancellationToken) is { } snapshot)
            {
                File.Move(temporary, path, result.GetValue(overwrite));
                Report(result.GetValue(format), path, snapshot, [], throttle, progress);
                return ExitCodes.Ok;
            }

            var backup = new PerObjectVaultBackup(client, result.GetValue(parallel));
            journal ??= await VaultBackupJournal.CreateAsync(path, await backup.PlanAsync(cancellationToken), cancellationToken);
            var done = Enumerable.Range(0, journal.Plan.Objects.Count).Count(journal.IsDone);
            try
            {
                await progress.RunAsync(journal.Plan.Objects.Count, done, advance => backup.FetchAsync(journal, advance, cancellationToken));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await Console.Error.WriteLineAsync($"The objects fetched so far are kept in {journal.Directory}; run the same command with --resume to fetch only the rest.");
                throw;
            }

            VaultArchiveSummary summary;
            IReadOnlyList<PlannedObject> gone;
            await using (var file = File.Create(temporary))
            {
                (summary, gone) = await PerObjectVaultBackup.WriteArchiveAsync(journal, file, cancellationToken);
            }

            File.Move(temporary, path, result.GetValue(overwrite));
            journal.Delete();
            Report(result.GetValue(format), path, summary, gone, throttle, progress);
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Coffer's snapshot, written to <paramref name="temporary"/> and checked (structure and digest); null when the endpoint is not a Coffer.</summary>
    private static async Task<VaultArchiveSummary?> TrySnapshotAsync(Coffer.Client.KeyVault.KeyVaultClient client, string temporary, CancellationToken cancellationToken)
    {
        try
        {
            await using var file = new FileStream(temporary, FileMode.Create, FileAccess.ReadWrite);
            if (!await client.TrySnapshotAsync(file, cancellationToken))
            {
                await file.DisposeAsync();
                File.Delete(temporary);
                return null;
            }

            file.Position = 0;
            return await VaultArchiveReader.VerifyAsync(file, null, null, cancellationToken);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static void Report(OutputFormat format, string path, VaultArchiveSummary summary, IReadOnlyList<PlannedObject> gone, ThrottleCounter throttle,
        RunProgress progress)
    {
        var header = summary.Header;
        if (format == OutputFormat.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["vault"] = header.VaultUrl,
                ["out"] = path,
                ["source"] = header.Source,
                ["objects"] = summary.ObjectCount,
                ["blobBytes"] = summary.BlobBytes,
                ["digest"] = summary.Digest,
                ["signed"] = summary.IsSigned,
                ["gone"] = gone.Select(g => $"{g.Kind.WireName()}/{g.Name}").ToList(),
                ["throttled"] = throttle.Throttled,
                ["retryAfterSeconds"] = throttle.RetryAfter.TotalSeconds,
                ["seconds"] = Math.Round(progress.Elapsed.TotalSeconds, 3),
            }, CliJsonContext.Default.DictionaryStringObject));
            return;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Backed up {summary.ObjectCount} objects of {header.VaultUrl} to {path} ({(header.Source == VaultArchiveHeader.CofferSource ? "Coffer snapshot, signed" : "object by object")}) in {progress.Elapsed.TotalSeconds:F1} s; digest {summary.Digest}."));
        if (throttle.Throttled > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Throttled {throttle.Throttled} times (429); waited {throttle.RetryAfter.TotalSeconds:F0} s as Retry-After asked."));
        }

        foreach (var item in gone)
        {
            Console.WriteLine($"Skipped {item.Kind.WireName()} {item.Name}: deleted during the run.");
        }
    }
}
