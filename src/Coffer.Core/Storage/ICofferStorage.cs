using Coffer.Core.Audit;
using Coffer.Core.Jobs;
using Coffer.Core.Management;
using Coffer.Core.Storage.Transfer;

namespace Coffer.Core.Storage;

/// <summary>
/// Every store of one database, opened together (the schema brought up to date) and closed together.
/// An <see cref="ICofferStorageProvider"/> opens it.
/// </summary>
public interface ICofferStorage : IAsyncDisposable
{
    IObjectStore Objects { get; }

    IVaultStore Vaults { get; }

    IVaultAccessStore Access { get; }

    IClientStore Clients { get; }

    IUserStore Users { get; }

    ISettingStore Settings { get; }

    IKeyringStore Keyring { get; }

    IAuditStore Audit { get; }

    /// <summary>Vault changes as nodes commit them, for each node's caches.</summary>
    IVaultChangeFeed VaultChanges { get; }

    IJobLocks Jobs { get; }

    /// <summary>Scheduled vault backups: each vault's schedule, its runs, and the claims of due runs.</summary>
    IBackupScheduleStore BackupSchedules { get; }

    /// <summary>Event subscriptions and the outbox of their deliveries.</summary>
    IEventStore Events { get; }

    /// <summary>The whole database as rows, to copy it to another provider (<c>coffer migrate</c>).</summary>
    IStorageTransfer Transfer { get; }

    /// <summary>
    /// Reads the schema version the database holds, for health checks: true when it is the one this code migrates to.
    /// </summary>
    /// <exception cref="Exception">The database cannot be reached (the provider's own exception).</exception>
    Task<bool> IsSchemaCurrentAsync(CancellationToken cancellationToken);
}
