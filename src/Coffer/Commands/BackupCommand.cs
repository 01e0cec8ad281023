using System.CommandLine;

namespace Coffer.Cli.Commands;

/// <summary><c>coffer backup …</c>: inspecting backups.</summary>
internal static class BackupCommand
{
    public static Command Create() => new("backup", "Backups: inspect a blob.")
    {
        BackupInspectCommand.Create(),
    };
}
