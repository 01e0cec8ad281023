using Coffer.Core.Backup.Schedules;

namespace Coffer.Server.Backup;

/// <summary>Body of <c>PUT /_coffer/vaults/{name}/backupSchedule</c>: a cron expression (UTC) or an ISO 8601 interval, a directory on the server, retention.</summary>
public sealed record BackupScheduleParameters(string? Cron, string? Interval, string? Destination, int? KeepLast, int? KeepDays);

public sealed record BackupScheduleDescription(
    string Vault, string? Cron, string? Interval, string Destination, int? KeepLast, int? KeepDays, long NextRunOn, int FailedAttempts)
{
    public static BackupScheduleDescription From(BackupSchedule s) =>
        new(s.Vault, s.Cron, s.Interval, s.Destination, s.KeepLast, s.KeepDays, s.NextRunOn.ToUnixTimeSeconds(), s.FailedAttempts);
}

/// <summary>One scheduled run: times in Unix seconds, outcome <c>succeeded</c> or <c>failed</c>, the archive's file name, objects, bytes and SHA-256 digest, or the error.</summary>
public sealed record BackupRunDescription(
    long StartedOn, long FinishedOn, string Outcome, int Attempt, string? File, int Objects, long Bytes, string? Digest, string? Error)
{
    public static BackupRunDescription From(BackupRun r) => new(r.StartedOn.ToUnixTimeSeconds(), r.FinishedOn.ToUnixTimeSeconds(),
        r.Outcome == BackupRunOutcome.Succeeded ? "succeeded" : "failed", r.Attempt, r.File, r.ObjectCount, r.Bytes, r.Digest, r.Error);
}

public sealed record BackupRunList(IReadOnlyList<BackupRunDescription> Value);
