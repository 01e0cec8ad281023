using System.CommandLine;

namespace Coffer.Cli.Commands;

/// <summary><c>coffer backup vault|inspect|list</c>.</summary>
internal static class BackupCommand
{
    public static Command Create() => new("backup", "Whole-vault backups, and inspecting blobs and archives.")
    {
        VaultBackupCommand.Create(),
        BackupInspectCommand.Create(),
        BackupListCommand.Create(),
    };
}
