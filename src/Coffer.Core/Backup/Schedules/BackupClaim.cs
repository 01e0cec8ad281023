namespace Coffer.Core.Backup.Schedules;

/// <summary>
/// A due schedule one node has claimed (<see cref="Storage.IBackupScheduleStore.ClaimDueAsync"/>): no other node claims it
/// until <see cref="LeaseUntil"/>, so a node that dies mid-run leaves it to another once the lease ends.
/// </summary>
public sealed record BackupClaim(BackupSchedule Schedule, string ClaimId, DateTimeOffset LeaseUntil);
