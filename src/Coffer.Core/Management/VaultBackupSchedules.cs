using Coffer.Core.Backup.Schedules;
using Coffer.Core.Errors;
using Coffer.Core.Storage;

namespace Coffer.Core.Management;

/// <summary>A vault's backup schedule and the runs it made, as the management API and the CLI change and read them.</summary>
public sealed class VaultBackupSchedules(IBackupScheduleStore store, IVaultStore vaults, TimeProvider time)
{
    public const int MaxRunsListed = 1000;

    /// <summary>Sets (or replaces) the schedule, first due at its next occurrence from now; 400 for a bad schedule, 404 when there is no such vault.</summary>
    public async Task<BackupSchedule> SetAsync(string vault, string? cron, string? interval, string? destination, int? keepLast, int? keepDays,
        CancellationToken cancellationToken)
    {
        var schedule = BackupSchedule.Create(vault, cron, interval, destination, keepLast, keepDays, time.GetUtcNow());
        return await store.SetAsync(schedule, cancellationToken) ? schedule : throw KeyVaultErrors.VaultNotFound(vault);
    }

    /// <summary>404 when there is no such vault or it has no schedule.</summary>
    public async Task<BackupSchedule> GetAsync(string vault, CancellationToken cancellationToken) =>
        await store.GetAsync(vault, cancellationToken) ?? throw await NoScheduleAsync(vault, cancellationToken);

    /// <summary>404 when there is no such vault or it has no schedule.</summary>
    public async Task DeleteAsync(string vault, CancellationToken cancellationToken)
    {
        if (!await store.DeleteAsync(vault, cancellationToken))
        {
            throw await NoScheduleAsync(vault, cancellationToken);
        }
    }

    /// <summary>The vault's scheduled runs, newest first; 404 when there is no such vault.</summary>
    public async Task<IReadOnlyList<BackupRun>> ListRunsAsync(string vault, int limit, CancellationToken cancellationToken)
    {
        _ = await vaults.GetAsync(vault, cancellationToken) ?? throw KeyVaultErrors.VaultNotFound(vault);
        return await store.ListRunsAsync(vault, Math.Clamp(limit, 1, MaxRunsListed), cancellationToken);
    }

    private async Task<KeyVaultException> NoScheduleAsync(string vault, CancellationToken cancellationToken) =>
        await vaults.GetAsync(vault, cancellationToken) is null
            ? KeyVaultErrors.VaultNotFound(vault)
            : KeyVaultErrors.NotFound($"Vault {vault} has no backup schedule.");
}
