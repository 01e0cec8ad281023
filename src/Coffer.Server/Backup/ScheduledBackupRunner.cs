using Coffer.Core.Backup.Archive;
using Coffer.Core.Backup.Schedules;
using Coffer.Core.Storage;
using Coffer.Core.Vaults;
using Coffer.Server.Hosting;
using Coffer.Server.Vaults;

namespace Coffer.Server.Backup;

/// <summary>
/// Runs the backups that are due: claims one due schedule at a time (<see cref="IBackupScheduleStore.ClaimDueAsync"/>),
/// writes the vault's signed archive as <c>POST /_coffer/backup</c> does to a temporary file renamed into place, lets the
/// retention prune older archives, and records the run while moving the schedule on: to its next occurrence after a
/// success, to a back-off retry after a failure.
/// </summary>
internal sealed class ScheduledBackupRunner(
    IBackupScheduleStore schedules,
    IVaultStore vaults,
    VaultSnapshotService snapshots,
    CofferOptions options,
    TimeProvider time,
    ILogger<ScheduledBackupRunner> logger)
{
    private const int MaxRunsPerPass = 100;

    /// <summary>Runs every schedule due now (at most <see cref="MaxRunsPerPass"/>, the rest on the next pass); returns how many ran.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var ran = 0;
        while (ran < MaxRunsPerPass && await schedules.ClaimDueAsync(time.GetUtcNow(), options.JobLease, cancellationToken) is { } claim)
        {
            await RunAsync(claim, cancellationToken);
            ran++;
        }

        return ran;
    }

    private async Task RunAsync(BackupClaim claim, CancellationToken cancellationToken)
    {
        var schedule = claim.Schedule;
        var attempt = schedule.FailedAttempts + 1;
        var startedOn = time.GetUtcNow();
        BackupRun run;
        try
        {
            var vault = await vaults.GetAsync(schedule.Vault, cancellationToken)
                ?? throw new InvalidOperationException($"The vault {schedule.Vault} no longer exists.");
            var (file, summary, bytes) = await WriteArchiveAsync(vault, schedule.Destination, startedOn, cancellationToken);
            var pruned = BackupRetention.Prune(schedule.Destination, vault.Name, schedule.KeepLast, schedule.KeepDays, startedOn);
            logger.LogInformation("Backed up vault {Vault} to {File}: {Objects} objects, {Bytes} bytes; {Pruned} older archive(s) pruned",
                vault.Name, file, summary.ObjectCount, bytes, pruned);
            run = new BackupRun(vault.Name, startedOn, time.GetUtcNow(), BackupRunOutcome.Succeeded, attempt, Path.GetFileName(file),
                summary.ObjectCount, bytes, summary.Digest, null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Scheduled backup of vault {Vault} failed (attempt {Attempt}); will retry", schedule.Vault, attempt);
            run = new BackupRun(schedule.Vault, startedOn, time.GetUtcNow(), BackupRunOutcome.Failed, attempt, null, 0, 0, null, e.Message);
        }

        var succeeded = run.Outcome == BackupRunOutcome.Succeeded;
        var next = succeeded ? schedule.NextAfter(startedOn) : schedule.RetryAfter(run.FinishedOn, attempt);
        if (!await schedules.CompleteAsync(claim, run, next, succeeded ? 0 : attempt, CancellationToken.None))
        {
            logger.LogWarning("The backup schedule of vault {Vault} changed or was claimed again while it ran; the run is recorded, the schedule left as it is",
                schedule.Vault);
        }
    }

    /// <summary>The archive goes to a hidden temporary file, flushed to disk, then renamed: a reader never sees half an archive.</summary>
    private async Task<(string File, VaultArchiveSummary Summary, long Bytes)> WriteArchiveAsync(Vault vault, string directory, DateTimeOffset startedOn,
        CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var final = Path.Combine(directory, BackupRetention.ArchiveName(vault.Name, startedOn));
        var temporary = Path.Combine(directory, $".{Path.GetFileName(final)}.{Guid.NewGuid():N}.tmp");
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous, BufferSize = 64 * 1024 };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            VaultArchiveSummary summary;
            long bytes;
            await using (var file = new FileStream(temporary, fileOptions))
            {
                summary = await snapshots.WriteAsync(vault, VaultEndpoints.VaultUri(vault.Name, options), file, cancellationToken);
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
                bytes = file.Length;
            }

            File.Move(temporary, final, overwrite: false);
            return (final, summary, bytes);
        }
        finally
        {
            File.Delete(temporary); // nothing left when the rename happened
        }
    }
}
