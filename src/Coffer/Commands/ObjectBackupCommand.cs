using System.CommandLine;
using Coffer.Core;

namespace Coffer.Cli.Commands;

/// <summary>
/// <c>coffer key|secret|certificate backup|restore</c>, as <c>az keyvault … backup|restore</c>: against any Key
/// Vault endpoint, the file holding the raw blob bytes.
/// </summary>
internal static class ObjectBackupCommand
{
    public static Command Create(ObjectKind kind)
    {
        var noun = kind.WireName();
        return new Command(noun, $"Back up and restore {noun}s of any Key Vault endpoint (Coffer or Azure).")
        {
            Backup(kind),
            Restore(kind),
        };
    }

    private static Command Backup(ObjectKind kind)
    {
        var connection = new VaultConnection();
        var name = new Option<string?>("--name", "-n") { Description = $"Name of the {kind.WireName()}." };
        var id = new Option<string?>("--id") { Description = $"Id of the {kind.WireName()} (https://{{vault host}}/{kind.Collection()}/{{name}}[/{{version}}]), instead of --name and the vault options." };
        var file = new Option<string>("--file", "-f") { Description = "File to write the backup blob (raw bytes) to.", Required = true };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace --file if it exists (refused otherwise)." };
        var command = new Command("backup", $"Back up a {kind.WireName()} with all its versions into a file. {VaultConnection.RuleHelp}") { name, id, file, overwrite };
        foreach (var option in connection.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var objectId = result.GetValue(id);
            var objectName = objectId is not null
                ? (result.GetValue(name) is null ? VaultAddress.FromId(objectId, kind).Name : throw new CliInputException("Give --name or --id, not both."))
                : result.GetValue(name) ?? throw new CliInputException("Name the object with --name (or give its --id).");
            if (!ObjectName.IsValid(objectName))
            {
                throw new CliInputException($"'{objectName}' is not a {kind.WireName()} name (1-127 letters, digits and hyphens).");
            }

            var vault = connection.Resolve(result, objectId, kind);
            var path = result.GetValue(file)!;
            BlobFile.EnsureWritable(path, result.GetValue(overwrite));
            var blob = await connection.CreateClient(result, vault).BackupAsync(kind, objectName, cancellationToken);
            await BlobFile.WriteAsync(path, blob, result.GetValue(overwrite), cancellationToken);
            Console.WriteLine($"Backed up {kind.WireName()} {objectName} of {vault} to {path} ({blob.Length} bytes).");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Restore(ObjectKind kind)
    {
        var connection = new VaultConnection();
        var file = new Option<string>("--file", "-f") { Description = "Backup blob to restore (raw bytes, or the service's {\"value\": …} JSON).", Required = true };
        var command = new Command("restore", $"Restore a {kind.WireName()} with all its versions from a backup file. {VaultConnection.RuleHelp}") { file };
        foreach (var option in connection.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var vault = connection.Resolve(result);
            var blob = await BlobFile.ReadAsync(result.GetValue(file)!, cancellationToken);
            var restored = await connection.CreateClient(result, vault).RestoreAsync(kind, blob, cancellationToken);
            Console.WriteLine($"Restored {kind.WireName()} {restored.Name} into {vault}: {restored.Id}");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
