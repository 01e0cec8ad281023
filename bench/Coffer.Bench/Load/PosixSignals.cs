using System.Runtime.InteropServices;

namespace Coffer.Bench.Load;

/// <summary>SIGTERM for a child we started, so it shuts down as under a service manager (SQLite checkpoints, Kestrel drains).</summary>
internal static partial class PosixSignals
{
    private const int SigTerm = 15;

    public static bool TryTerminate(int processId) =>
        (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) && Kill(processId, SigTerm) == 0;

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
