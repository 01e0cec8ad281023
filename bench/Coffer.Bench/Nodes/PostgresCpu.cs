using System.Globalization;

namespace Coffer.Bench.Nodes;

/// <summary>
/// CPU time (user + system) a PostgreSQL cluster's processes have used, from <c>/proc</c>: the postmaster's own and its
/// reaped children's, plus each live child's (backends, WAL writer, checkpointer…). That work runs outside this process,
/// so the harness's own CPU counters miss it. Linux only; ticks of 1/100 s (the kernel's USER_HZ).
/// </summary>
internal sealed class PostgresCpu(string dataDirectory)
{
    private const double TicksPerSecond = 100;

    public TimeSpan Read()
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        long ticks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || Stat(directory) is not { } fields)
            {
                continue;
            }

            // After "pid (comm) ": state, ppid, …, utime (index 11), stime, cutime, cstime.
            if (pid == postmaster)
            {
                ticks += Field(fields, 11) + Field(fields, 12) + Field(fields, 13) + Field(fields, 14);
            }
            else if (Field(fields, 1) == postmaster)
            {
                ticks += Field(fields, 11) + Field(fields, 12);
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    private static string[]? Stat(string directory)
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(directory, "stat"));
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // the process ended meanwhile
        }
    }

    private static long Field(string[] fields, int index) => long.Parse(fields[index], CultureInfo.InvariantCulture);
}
