using System.Globalization;

namespace Coffer.Core.Backup.Schedules;

/// <summary>
/// The archives a schedule wrote, found by name (<c>{vault}-{yyyyMMddTHHmmssZ}.coffer-archive</c>) in its destination,
/// and which of them its retention lets go. Files of other names are never touched.
/// </summary>
public static class BackupRetention
{
    public const string Extension = ".coffer-archive";
    private const string Stamp = "yyyyMMdd'T'HHmmss'Z'";

    public static string ArchiveName(string vault, DateTimeOffset time) =>
        $"{vault}-{time.UtcDateTime.ToString(Stamp, CultureInfo.InvariantCulture)}{Extension}";

    /// <summary>
    /// Deletes the vault's archives in <paramref name="directory"/> that neither rule keeps (the newest
    /// <paramref name="keepLast"/>; those written within <paramref name="keepDays"/> of <paramref name="now"/>); returns how many.
    /// </summary>
    public static int Prune(string directory, string vault, int? keepLast, int? keepDays, DateTimeOffset now)
    {
        if (keepLast is null && keepDays is null)
        {
            return 0;
        }

        var archives = Archives(directory, vault).OrderByDescending(a => a.WrittenOn).ToList();
        var pruned = 0;
        for (var i = 0; i < archives.Count; i++)
        {
            var keptByCount = keepLast is { } last && i < last;
            var keptByAge = keepDays is { } days && archives[i].WrittenOn > now.AddDays(-days);
            if (!keptByCount && !keptByAge)
            {
                File.Delete(archives[i].Path);
                pruned++;
            }
        }

        return pruned;
    }

    public static IEnumerable<(string Path, DateTimeOffset WrittenOn)> Archives(string directory, string vault)
    {
        var prefix = vault + "-";
        foreach (var path in Directory.EnumerateFiles(directory, prefix + "*" + Extension))
        {
            var name = Path.GetFileName(path);
            var stamp = name[prefix.Length..^Extension.Length];
            if (DateTimeOffset.TryParseExact(stamp, Stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var writtenOn))
            {
                yield return (path, writtenOn);
            }
        }
    }
}
