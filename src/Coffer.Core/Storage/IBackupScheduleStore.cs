using Coffer.Core.Backup.Schedules;

namespace Coffer.Core.Storage;

/// <summary>
/// Scheduled vault backups: one schedule per vault (gone with its vault), the runs it made, and the claim that lets one
/// node run a due schedule. Each method is one transaction.
/// </summary>
public interface IBackupScheduleStore
{
    /// <summary>Sets the vault's schedule (replacing one, and dropping any claim on it); false when there is no such vault.</summary>
    Task<bool> SetAsync(BackupSchedule schedule, CancellationToken cancellationToken);

    Task<BackupSchedule?> GetAsync(string vault, CancellationToken cancellationToken);

    /// <summary>Removes the vault's schedule (its runs stay listed); false when it had none.</summary>
    Task<bool> DeleteAsync(string vault, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the earliest schedule due at <paramref name="now"/> that no live claim holds, until <paramref name="now"/> +
    /// <paramref name="lease"/>; null when none is. Two nodes claiming at once never get the same due schedule.
    /// </summary>
    Task<BackupClaim?> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// Records <paramref name="run"/>, and when <paramref name="claim"/> still holds the schedule, moves it to
    /// <paramref name="nextRunOn"/> with <paramref name="failedAttempts"/> and releases it; false when the claim was lost
    /// (the schedule was changed, removed or claimed again after the lease ended), the run recorded all the same.
    /// </summary>
    Task<bool> CompleteAsync(BackupClaim claim, BackupRun run, DateTimeOffset nextRunOn, int failedAttempts, CancellationToken cancellationToken);

    /// <summary>The vault's runs, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<BackupRun>> ListRunsAsync(string vault, int limit, CancellationToken cancellationToken);
}
