namespace Coffer.Client.Management;

/// <summary>A vault's backup schedule as the management API describes it; <see cref="NextRunOn"/> in Unix seconds.</summary>
public sealed record BackupScheduleInfo(
    string Vault, string? Cron, string? Interval, string Destination, int? KeepLast, int? KeepDays, long NextRunOn, int FailedAttempts);

/// <summary>A schedule to set: exactly one of a cron expression (UTC) and an ISO 8601 interval, a directory on the server, retention.</summary>
public sealed record BackupScheduleRequest(string? Cron, string? Interval, string Destination, int? KeepLast = null, int? KeepDays = null);

/// <summary>One scheduled run: Unix-second times, <c>succeeded</c> or <c>failed</c>, the archive written or the error.</summary>
public sealed record BackupRunInfo(
    long StartedOn, long FinishedOn, string Outcome, int Attempt, string? File, int Objects, long Bytes, string? Digest, string? Error);

internal sealed record BackupRunListResponse(IReadOnlyList<BackupRunInfo> Value);
