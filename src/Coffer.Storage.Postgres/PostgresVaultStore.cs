using Coffer.Core.Authorization;
using Coffer.Core.Storage;
using Coffer.Core.Vaults;
using Npgsql;

namespace Coffer.Storage.Postgres;

internal sealed class PostgresVaultStore(PostgresDatabase database) : IVaultStore
{
    private const string Columns = "name, tenant_id, subscription_id, location, retention_days, purge_protection, created_on, authorization_mode";

    public Task<bool> CreateAsync(Vault vault, CancellationToken cancellationToken) => CreateAsync(vault, [], cancellationToken);

    /// <remarks>The name's primary key decides between nodes creating one vault at once: the second insert does nothing.</remarks>
    public Task<bool> CreateAsync(Vault vault, IReadOnlyList<AccessPolicy> accessPolicies, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var key = PostgresObjectStore.VaultKey(vault.Name);
            var created = await connection.ExecuteAsync(
                $"INSERT INTO vaults ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (name) DO NOTHING",
                transaction, cancellationToken,
                key, vault.TenantId, vault.SubscriptionId, vault.Location, vault.SoftDeleteRetentionDays,
                vault.PurgeProtection, vault.CreatedOn.WholeSeconds(), (int)vault.AuthorizationMode) == 1;
            if (created)
            {
                await PostgresVaultAccessStore.WritePoliciesAsync(connection, transaction, key, accessPolicies, cancellationToken);
                await PostgresVaultChangeFeed.NotifyAsync(connection, transaction, key, cancellationToken);
            }

            return created;
        }, cancellationToken);

    public Task<Vault?> GetAsync(string name, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync($"SELECT {Columns} FROM vaults WHERE name = $1", null, Read,
                cancellationToken, PostgresObjectStore.VaultKey(name));
            return rows.Count == 0 ? null : rows[0];
        }, cancellationToken);

    public Task<IReadOnlyList<Vault>> ListAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<Vault>>(
            async connection => await connection.QueryAsync($"SELECT {Columns} FROM vaults ORDER BY name", null, Read, cancellationToken),
            cancellationToken);

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var key = PostgresObjectStore.VaultKey(name);
            return await connection.ExecuteAsync("DELETE FROM vaults WHERE name = $1", transaction, cancellationToken, key) == 1
                && await PostgresVaultAccessStore.NotifiedAsync(connection, transaction, key, cancellationToken);
        }, cancellationToken);

    private static Vault Read(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
        reader.GetInt32(4), reader.GetBoolean(5), reader.Time(6))
    {
        AuthorizationMode = (VaultAuthorizationMode)reader.GetInt32(7),
    };
}
