using System.Xml;
using Coffer.Core.Errors;
using Cronos;

namespace Coffer.Core.Backup.Schedules;

/// <summary>
/// When a vault is backed up on its own and where to: a cron expression (UTC) or a fixed interval, a directory on the
/// server, and how many archives to keep (the last <see cref="KeepLast"/>, those younger than <see cref="KeepDays"/>,
/// or both: an archive either rule keeps stays). <see cref="NextRunOn"/> is the due time the scheduler claims;
/// <see cref="FailedAttempts"/> counts failed runs since the last success, for the retry back-off.
/// </summary>
public sealed record BackupSchedule(
    string Vault,
    string? Cron,
    string? Interval,
    string Destination,
    int? KeepLast,
    int? KeepDays,
    DateTimeOffset NextRunOn,
    int FailedAttempts = 0)
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromHours(1);

    /// <summary>A schedule as a caller gives it, checked, first due at its next occurrence after <paramref name="now"/>; 400 BadParameter otherwise.</summary>
    public static BackupSchedule Create(string vault, string? cron, string? interval, string? destination, int? keepLast, int? keepDays, DateTimeOffset now)
    {
        var problems = new List<string>();
        if ((cron is null) == (interval is null))
        {
            problems.Add("Give exactly one of cron and interval.");
        }
        else if (cron is not null && ParseCron(cron) is null)
        {
            problems.Add($"cron '{cron}' is not a cron expression (five fields, or six with seconds first).");
        }
        else if (interval is not null && ParseInterval(interval) is null)
        {
            problems.Add($"interval '{interval}' is not a positive ISO 8601 duration such as PT1H.");
        }

        if (string.IsNullOrWhiteSpace(destination) || !Path.IsPathFullyQualified(destination))
        {
            problems.Add("destination must be an absolute directory path on the server.");
        }

        if (keepLast is < 1 || keepDays is < 1)
        {
            problems.Add("keepLast and keepDays must be at least 1 when given.");
        }

        if (problems.Count > 0)
        {
            throw KeyVaultErrors.BadParameter(string.Join(" ", problems));
        }

        var schedule = new BackupSchedule(vault.ToLowerInvariant(), cron, interval, destination!, keepLast, keepDays, now);
        return schedule with { NextRunOn = schedule.NextAfter(now) };
    }

    /// <summary>The first due time after <paramref name="time"/>, in whole seconds (as the stores keep times): never later than the occurrence.</summary>
    public DateTimeOffset NextAfter(DateTimeOffset time)
    {
        var next = Cron is not null
            ? ParseCron(Cron)!.GetNextOccurrence(time, TimeZoneInfo.Utc) ?? DateTimeOffset.MaxValue
            : time + ParseInterval(Interval!)!.Value;
        return DateTimeOffset.FromUnixTimeSeconds(next.ToUnixTimeSeconds());
    }

    /// <summary>After the <paramref name="attempt"/>-th failed run in a row: a minute, doubling, at most an hour, never past the next regular run.</summary>
    public DateTimeOffset RetryAfter(DateTimeOffset failedOn, int attempt)
    {
        var delay = TimeSpan.FromMinutes(Math.Pow(2, Math.Min(attempt - 1, 10)));
        var retry = failedOn + (delay < MaxRetryDelay ? delay : MaxRetryDelay);
        var regular = NextAfter(failedOn);
        return DateTimeOffset.FromUnixTimeSeconds((retry < regular ? retry : regular).ToUnixTimeSeconds());
    }

    private static CronExpression? ParseCron(string text)
    {
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return fields is 5 or 6 && CronExpression.TryParse(text, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard, out var parsed) ? parsed : null;
    }

    private static TimeSpan? ParseInterval(string text)
    {
        try
        {
            var interval = XmlConvert.ToTimeSpan(text);
            return interval >= TimeSpan.FromSeconds(1) ? interval : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
