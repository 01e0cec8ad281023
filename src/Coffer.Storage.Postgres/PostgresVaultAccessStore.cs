using Coffer.Core.Authorization;
using Coffer.Core.Storage;
using Npgsql;

namespace Coffer.Storage.Postgres;

/// <summary>
/// Access policies (one row per vault, object id and issuer, permissions comma-separated, kept in the order the
/// vault lists them) and role assignments.
/// </summary>
internal sealed class PostgresVaultAccessStore(PostgresDatabase database) : IVaultAccessStore
{
    public Task<VaultAccess?> GetAsync(string vault, CancellationToken cancellationToken) =>
        database.ReadSnapshotAsync(async (connection, transaction) =>
        {
            var key = PostgresObjectStore.VaultKey(vault);
            var mode = await connection.ScalarAsync("SELECT authorization_mode FROM vaults WHERE name = $1", transaction, cancellationToken, key);
            if (mode is null)
            {
                return null;
            }

            var policies = await ReadPoliciesAsync(connection, transaction, key, cancellationToken);
            var assignments = await connection.QueryAsync(
                "SELECT id, role_definition_id, principal_id, scope, created_on, principal_issuer FROM role_assignments WHERE vault = $1 ORDER BY created_on, id",
                transaction,
                reader => new RoleAssignment(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.Time(4),
                    NullIfBuiltIn(reader.GetString(5))),
                cancellationToken, key);
            return new VaultAccess((VaultAuthorizationMode)(int)mode, policies, assignments);
        }, cancellationToken);

    public Task<bool> SetModeAsync(string vault, VaultAuthorizationMode mode, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var key = PostgresObjectStore.VaultKey(vault);
            return await connection.ExecuteAsync("UPDATE vaults SET authorization_mode = $1 WHERE name = $2", transaction, cancellationToken, (int)mode, key) == 1
                && await NotifiedAsync(connection, transaction, key, cancellationToken);
        }, cancellationToken);

    /// <remarks>The vault's row is locked first, so two nodes changing one vault's policies take turns and neither change is lost.</remarks>
    public Task<IReadOnlyList<AccessPolicy>?> UpdatePoliciesAsync(string vault, Func<IReadOnlyList<AccessPolicy>, IReadOnlyList<AccessPolicy>> change, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<AccessPolicy>?>(async (connection, transaction) =>
        {
            var key = PostgresObjectStore.VaultKey(vault);
            if (await connection.ScalarAsync("SELECT 1 FROM vaults WHERE name = $1 FOR NO KEY UPDATE", transaction, cancellationToken, key) is null)
            {
                return null;
            }

            var updated = change(await ReadPoliciesAsync(connection, transaction, key, cancellationToken));
            await connection.ExecuteAsync("DELETE FROM access_policies WHERE vault = $1", transaction, cancellationToken, key);
            await WritePoliciesAsync(connection, transaction, key, updated, cancellationToken);
            await PostgresVaultChangeFeed.NotifyAsync(connection, transaction, key, cancellationToken);
            return updated;
        }, cancellationToken);

    public Task<bool> CreateAssignmentAsync(string vault, RoleAssignment assignment, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var key = PostgresObjectStore.VaultKey(vault);
            return await connection.ExecuteAsync(
                """
                INSERT INTO role_assignments (id, vault, role_definition_id, principal_id, principal_issuer, scope, created_on)
                VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING
                """,
                transaction, cancellationToken,
                assignment.Id.ToLowerInvariant(), key, assignment.RoleDefinitionId,
                assignment.PrincipalId.ToLowerInvariant(), assignment.PrincipalIssuer ?? string.Empty, assignment.Scope, assignment.CreatedOn.WholeSeconds()) == 1
                && await NotifiedAsync(connection, transaction, key, cancellationToken);
        }, cancellationToken);

    public Task<bool> DeleteAssignmentAsync(string vault, string id, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var key = PostgresObjectStore.VaultKey(vault);
            return await connection.ExecuteAsync("DELETE FROM role_assignments WHERE vault = $1 AND id = $2", transaction, cancellationToken,
                key, id.ToLowerInvariant()) == 1
                && await NotifiedAsync(connection, transaction, key, cancellationToken);
        }, cancellationToken);

    /// <summary>Announces the change (<see cref="PostgresVaultChangeFeed"/>) and is true, for a write that changed a row.</summary>
    internal static async Task<bool> NotifiedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string vaultKey, CancellationToken cancellationToken)
    {
        await PostgresVaultChangeFeed.NotifyAsync(connection, transaction, vaultKey, cancellationToken);
        return true;
    }

    /// <summary>Writes the policies of a vault that has none, in order; a principal listed twice keeps its first place and its last permissions.</summary>
    internal static async Task WritePoliciesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string vaultKey, IReadOnlyList<AccessPolicy> policies, CancellationToken cancellationToken)
    {
        for (var i = 0; i < policies.Count; i++)
        {
            var policy = policies[i];
            await connection.ExecuteAsync(
                """
                INSERT INTO access_policies (vault, object_id, issuer, position, tenant_id, keys, secrets, certificates)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                ON CONFLICT (vault, object_id, issuer) DO UPDATE SET tenant_id = excluded.tenant_id, keys = excluded.keys,
                    secrets = excluded.secrets, certificates = excluded.certificates
                """,
                transaction, cancellationToken,
                vaultKey, policy.ObjectId.ToLowerInvariant(), policy.Issuer ?? string.Empty, i, policy.TenantId,
                string.Join(',', policy.Keys), string.Join(',', policy.Secrets), string.Join(',', policy.Certificates));
        }
    }

    private static async Task<IReadOnlyList<AccessPolicy>> ReadPoliciesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string vaultKey, CancellationToken cancellationToken) =>
        await connection.QueryAsync(
            "SELECT tenant_id, object_id, keys, secrets, certificates, issuer FROM access_policies WHERE vault = $1 ORDER BY position",
            transaction,
            reader => new AccessPolicy(reader.GetString(0), reader.GetString(1), Split(reader.GetString(2)), Split(reader.GetString(3)), Split(reader.GetString(4)),
                NullIfBuiltIn(reader.GetString(5))),
            cancellationToken, vaultKey);

    /// <summary>The built-in authority is stored as '' (a key column), and is null in the domain.</summary>
    private static string? NullIfBuiltIn(string issuer) => issuer.Length == 0 ? null : issuer;

    private static string[] Split(string permissions) => permissions.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
