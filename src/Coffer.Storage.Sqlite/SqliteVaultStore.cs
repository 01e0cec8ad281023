using Coffer.Core.Authorization;
using Coffer.Core.Storage;
using Coffer.Core.Vaults;
using Microsoft.Data.Sqlite;

namespace Coffer.Storage.Sqlite;

public sealed class SqliteVaultStore(SqliteDatabase database) : IVaultStore
{
    private const string Columns = "name, tenant_id, subscription_id, location, retention_days, purge_protection, created_on, authorization_mode";

    public Task<bool> CreateAsync(Vault vault, CancellationToken cancellationToken) => CreateAsync(vault, [], cancellationToken);

    public Task<bool> CreateAsync(Vault vault, IReadOnlyList<AccessPolicy> accessPolicies, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var created = await connection.ExecuteAsync(
                $"INSERT INTO vaults ({Columns}) VALUES ($name, $tenant, $subscription, $location, $retention, $purgeProtection, $created, $mode) ON CONFLICT (name) DO NOTHING",
                transaction, cancellationToken,
                ("$name", SqliteObjectStore.VaultKey(vault.Name)), ("$tenant", vault.TenantId), ("$subscription", vault.SubscriptionId),
                ("$location", vault.Location), ("$retention", vault.SoftDeleteRetentionDays),
                ("$purgeProtection", vault.PurgeProtection), ("$created", vault.CreatedOn.Unix()), ("$mode", (int)vault.AuthorizationMode)) == 1;
            if (created)
            {
                await SqliteVaultAccessStore.WritePoliciesAsync(connection, transaction, vault.Name, accessPolicies, cancellationToken);
            }

            return created;
        }, cancellationToken);

    public Task<Vault?> GetAsync(string name, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync($"SELECT {Columns} FROM vaults WHERE name = $name", null, Read,
                cancellationToken, ("$name", SqliteObjectStore.VaultKey(name)));
            return rows.Count == 0 ? null : rows[0];
        }, cancellationToken);

    public Task<IReadOnlyList<Vault>> ListAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<Vault>>(
            async connection => await connection.QueryAsync($"SELECT {Columns} FROM vaults ORDER BY name", null, Read, cancellationToken),
            cancellationToken);

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
            await connection.ExecuteAsync("DELETE FROM vaults WHERE name = $name", transaction, cancellationToken,
                ("$name", SqliteObjectStore.VaultKey(name))) == 1,
            cancellationToken);

    private static Vault Read(SqliteDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
        reader.GetInt32(4), reader.GetBoolean(5), SqliteCommands.FromUnix(reader.GetInt64(6)))
    {
        AuthorizationMode = (VaultAuthorizationMode)reader.GetInt32(7),
    };
}
