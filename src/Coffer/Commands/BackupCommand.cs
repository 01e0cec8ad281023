using System.CommandLine;

namespace Coffer.Cli.Commands;

/// <summary><c>coffer backup vault|inspect|list|reseal</c>.</summary>
internal static class BackupCommand
{
    public static Command Create() => new("backup", "Whole-vault backups, inspecting blobs and archives, and re-sealing them for another geography.")
    {
        VaultBackupCommand.Create(),
        BackupInspectCommand.Create(),
        BackupListCommand.Create(),
        BackupResealCommand.Create(),
    };
}
