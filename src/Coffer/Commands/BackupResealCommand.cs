using System.CommandLine;
using Coffer.Core.Backup;
using Coffer.Core.Backup.Archive;

namespace Coffer.Cli.Commands;

/// <summary>
/// <c>coffer backup reseal --in A --out B --to-subscription S --to-geography G [--admin-override]</c>: has the Coffer at
/// <c>--server</c> (admin credentials) open a backup blob or vault archive under its protection key and seal it for another
/// (subscription, geography), so the ordinary restore accepts it there. The output is written aside and moved in place only
/// once the whole answer is in: a refused or failed run leaves no file.
/// </summary>
internal static class BackupResealCommand
{
    public static Command Create()
    {
        var connection = new ManagementConnection();
        var input = new Option<string>("--in") { Description = "Backup blob (raw bytes or the service's {\"value\": …} JSON) or vault archive.", Required = true };
        var output = new Option<string>("--out") { Description = "File to write the re-sealed blob or archive to.", Required = true };
        var subscription = new Option<string>("--to-subscription") { Description = "Subscription id the output may be restored into.", Required = true };
        var geography = new Option<string>("--to-geography") { Description = "Geography (US, Europe, …) or Azure location (westeurope) the output may be restored into.", Required = true };
        var adminOverride = new Option<bool>("--admin-override")
        {
            Description = "Re-seal without backup rights on the input's side or restore rights on the target's (an admin's decision, recorded in the audit log).",
        };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace --out if it exists." };
        var command = new Command("reseal",
            "Move a backup blob or vault archive to another geography (or subscription) on purpose. Admins only, done by the server, audited.")
        {
            input, output, subscription, geography, adminOverride, overwrite,
        };
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(() => connection.RunAsync(result, async client =>
        {
            var inPath = result.GetValue(input)!;
            var outPath = Path.GetFullPath(result.GetValue(output)!);
            BlobFile.EnsureWritable(outPath, result.GetValue(overwrite));
            var isArchive = await ArchiveInspection.IsArchiveAsync(inPath, cancellationToken);
            await using Stream source = isArchive ? File.OpenRead(inPath) : new MemoryStream(await BlobFile.ReadAsync(inPath, cancellationToken));
            var temporary = outPath + ".partial-" + Guid.NewGuid().ToString("N")[..8];
            try
            {
                await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
                {
                    await client.ResealAsync(source, result.GetValue(subscription)!, result.GetValue(geography)!, result.GetValue(adminOverride), file,
                        cancellationToken);
                }

                File.Move(temporary, outPath, result.GetValue(overwrite));
            }
            finally
            {
                File.Delete(temporary);
            }

            Console.WriteLine(await DescribeAsync(outPath, isArchive, cancellationToken));
        })));
        return command;
    }

    private static async Task<string> DescribeAsync(string path, bool isArchive, CancellationToken cancellationToken)
    {
        if (isArchive)
        {
            await using var file = File.OpenRead(path);
            var header = await VaultArchiveReader.ReadHeaderAsync(file, cancellationToken);
            return $"Re-sealed the archive of vault {header.Vault} from {header.Resealed?.FromSubscriptionId}/{header.Resealed?.FromGeography} to {header.SubscriptionId}/{header.Geography}: {path}";
        }

        var blob = BackupBlob.ReadHeader(await File.ReadAllBytesAsync(path, cancellationToken));
        return $"Re-sealed the {blob.Kind.ToString().ToLowerInvariant()} backup from {blob.Resealed?.FromSubscriptionId}/{blob.Resealed?.FromGeography} to {blob.SubscriptionId}/{blob.Geography}: {path}";
    }
}
