using System.Globalization;

namespace Coffer.Bench.Load;

/// <summary>Resident set size from <c>/proc/PID/status</c> (Linux; null elsewhere).</summary>
internal static class ProcessMemory
{
    public static double? ReadRssMb(int processId) => ReadRssMb($"/proc/{processId}/status");

    /// <summary>This process: the in-process servers and their clients.</summary>
    public static double? ReadOwnRssMb() => ReadRssMb("/proc/self/status");

    private static double? ReadRssMb(string status)
    {
        if (!File.Exists(status))
        {
            return null;
        }

        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kilobytes = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return long.TryParse(kilobytes, NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? kb / 1024.0 : null;
    }
}
