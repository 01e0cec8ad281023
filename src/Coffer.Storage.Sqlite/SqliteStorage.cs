using Coffer.Core.Audit;
using Coffer.Core.Jobs;
using Coffer.Core.Management;
using Coffer.Core.Storage;
using Coffer.Core.Storage.Transfer;

namespace Coffer.Storage.Sqlite;

/// <summary>The stores of one SQLite file, sharing its <see cref="SqliteDatabase"/>.</summary>
public sealed class SqliteStorage(SqliteDatabase database) : ICofferStorage
{
    public IObjectStore Objects { get; } = new SqliteObjectStore(database);

    public IVaultStore Vaults { get; } = new SqliteVaultStore(database);

    public IVaultAccessStore Access { get; } = new SqliteVaultAccessStore(database);

    public IClientStore Clients { get; } = new SqliteClientStore(database);

    public IUserStore Users { get; } = new SqliteUserStore(database);

    public ISettingStore Settings { get; } = new SqliteSettingStore(database);

    public IKeyringStore Keyring { get; } = new SqliteKeyringStore(database);

    public IAuditStore Audit { get; } = new SqliteAuditStore(database);

    public IVaultChangeFeed VaultChanges { get; } = new SingleProcessVaultChangeFeed();

    public IJobLocks Jobs { get; } = new InProcessJobLocks();

    public IBackupScheduleStore BackupSchedules { get; } = new SqliteBackupScheduleStore(database);

    public IEventStore Events { get; } = new SqliteEventStore(database);

    public IStorageTransfer Transfer { get; } = new SqliteStorageTransfer(database);

    public Task<bool> IsSchemaCurrentAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(async connection => await SqliteMigrations.AppliedAsync(connection, null, cancellationToken) == SqliteMigrations.Version, cancellationToken);

    public ValueTask DisposeAsync()
    {
        database.Dispose();
        return ValueTask.CompletedTask;
    }
}
