using Coffer.Core.Audit;
using Coffer.Core.Jobs;
using Coffer.Core.Management;
using Coffer.Core.Storage;
using Coffer.Core.Storage.Transfer;

namespace Coffer.Storage.Postgres;

/// <summary>The stores of one PostgreSQL database, sharing its <see cref="PostgresDatabase"/>.</summary>
internal sealed class PostgresStorage(PostgresDatabase database) : ICofferStorage
{
    public IObjectStore Objects { get; } = new PostgresObjectStore(database);

    public IVaultStore Vaults { get; } = new PostgresVaultStore(database);

    public IVaultAccessStore Access { get; } = new PostgresVaultAccessStore(database);

    public IClientStore Clients { get; } = new PostgresClientStore(database);

    public IUserStore Users { get; } = new PostgresUserStore(database);

    public ISettingStore Settings { get; } = new PostgresSettingStore(database);

    public IKeyringStore Keyring { get; } = new PostgresKeyringStore(database);

    public IAuditStore Audit { get; } = new PostgresAuditStore(database);

    public IVaultChangeFeed VaultChanges { get; } = new PostgresVaultChangeFeed(database);

    public IJobLocks Jobs { get; } = new PostgresJobLocks(database);

    public IBackupScheduleStore BackupSchedules { get; } = new PostgresBackupScheduleStore(database);

    public IEventStore Events { get; } = new PostgresEventStore(database);

    public IStorageTransfer Transfer { get; } = new PostgresStorageTransfer(database);

    public Task<bool> IsSchemaCurrentAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(async connection => await PostgresMigrations.AppliedAsync(connection, null, cancellationToken) == PostgresMigrations.Version, cancellationToken);

    public ValueTask DisposeAsync() => database.DisposeAsync();
}
