using Coffer.Core.Authorization;
using Coffer.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Coffer.Storage.Sqlite;

/// <summary>Access policies (one row per vault, object id and issuer, permissions comma-separated) and role assignments.</summary>
public sealed class SqliteVaultAccessStore(SqliteDatabase database) : IVaultAccessStore
{
    public Task<VaultAccess?> GetAsync(string vault, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            // One read transaction: mode, policies and assignments from the same snapshot.
            await using var transaction = connection.BeginTransaction(deferred: true);
            var key = SqliteObjectStore.VaultKey(vault);
            var mode = await connection.ScalarAsync("SELECT authorization_mode FROM vaults WHERE name = $name", transaction, cancellationToken, ("$name", key));
            if (mode is null)
            {
                return null;
            }

            var policies = await ReadPoliciesAsync(connection, transaction, key, cancellationToken);
            var assignments = await connection.QueryAsync(
                "SELECT id, role_definition_id, principal_id, scope, created_on, principal_issuer FROM role_assignments WHERE vault = $vault ORDER BY created_on, id",
                transaction,
                reader => new RoleAssignment(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    SqliteCommands.FromUnix(reader.GetInt64(4)), NullIfBuiltIn(reader.GetString(5))),
                cancellationToken, ("$vault", key));
            return new VaultAccess((VaultAuthorizationMode)Convert.ToInt32(mode, System.Globalization.CultureInfo.InvariantCulture), policies, assignments);
        }, cancellationToken);

    public Task<bool> SetModeAsync(string vault, VaultAuthorizationMode mode, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
            await connection.ExecuteAsync("UPDATE vaults SET authorization_mode = $mode WHERE name = $name", transaction, cancellationToken,
                ("$mode", (int)mode), ("$name", SqliteObjectStore.VaultKey(vault))) == 1,
            cancellationToken);

    public Task<IReadOnlyList<AccessPolicy>?> UpdatePoliciesAsync(string vault, Func<IReadOnlyList<AccessPolicy>, IReadOnlyList<AccessPolicy>> change, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<AccessPolicy>?>(async (connection, transaction) =>
        {
            var key = SqliteObjectStore.VaultKey(vault);
            if (await connection.ScalarAsync("SELECT 1 FROM vaults WHERE name = $name", transaction, cancellationToken, ("$name", key)) is null)
            {
                return null;
            }

            var updated = change(await ReadPoliciesAsync(connection, transaction, key, cancellationToken));
            await connection.ExecuteAsync("DELETE FROM access_policies WHERE vault = $vault", transaction, cancellationToken, ("$vault", key));
            await WritePoliciesAsync(connection, transaction, key, updated, cancellationToken);
            return updated;
        }, cancellationToken);

    public Task<bool> CreateAssignmentAsync(string vault, RoleAssignment assignment, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
            await connection.ExecuteAsync(
                """
                INSERT INTO role_assignments (id, vault, role_definition_id, principal_id, principal_issuer, scope, created_on)
                VALUES ($id, $vault, $role, $principal, $issuer, $scope, $created) ON CONFLICT (id) DO NOTHING
                """,
                transaction, cancellationToken,
                ("$id", assignment.Id.ToLowerInvariant()), ("$vault", SqliteObjectStore.VaultKey(vault)), ("$role", assignment.RoleDefinitionId),
                ("$principal", assignment.PrincipalId.ToLowerInvariant()),
                ("$issuer", assignment.PrincipalIssuer ?? string.Empty), ("$scope", assignment.Scope), ("$created", assignment.CreatedOn.Unix())) == 1,
            cancellationToken);

    public Task<bool> DeleteAssignmentAsync(string vault, string id, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
            await connection.ExecuteAsync("DELETE FROM role_assignments WHERE vault = $vault AND id = $id", transaction, cancellationToken,
                ("$vault", SqliteObjectStore.VaultKey(vault)), ("$id", id.ToLowerInvariant())) == 1,
            cancellationToken);

    internal static async Task WritePoliciesAsync(SqliteConnection connection, SqliteTransaction transaction, string vault, IReadOnlyList<AccessPolicy> policies, CancellationToken cancellationToken)
    {
        foreach (var policy in policies)
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO access_policies (vault, object_id, issuer, tenant_id, keys, secrets, certificates)
                VALUES ($vault, $objectId, $issuer, $tenantId, $keys, $secrets, $certificates)
                ON CONFLICT (vault, object_id, issuer) DO UPDATE SET tenant_id = excluded.tenant_id, keys = excluded.keys,
                    secrets = excluded.secrets, certificates = excluded.certificates
                """,
                transaction, cancellationToken,
                ("$vault", SqliteObjectStore.VaultKey(vault)), ("$objectId", policy.ObjectId.ToLowerInvariant()),
                ("$issuer", policy.Issuer ?? string.Empty), ("$tenantId", policy.TenantId),
                ("$keys", string.Join(',', policy.Keys)), ("$secrets", string.Join(',', policy.Secrets)),
                ("$certificates", string.Join(',', policy.Certificates)));
        }
    }

    private static async Task<IReadOnlyList<AccessPolicy>> ReadPoliciesAsync(SqliteConnection connection, SqliteTransaction transaction, string vault, CancellationToken cancellationToken) =>
        await connection.QueryAsync(
            "SELECT tenant_id, object_id, keys, secrets, certificates, issuer FROM access_policies WHERE vault = $vault ORDER BY rowid",
            transaction,
            reader => new AccessPolicy(reader.GetString(0), reader.GetString(1), Split(reader.GetString(2)), Split(reader.GetString(3)), Split(reader.GetString(4)),
                NullIfBuiltIn(reader.GetString(5))),
            cancellationToken, ("$vault", vault));

    /// <summary>The built-in authority is stored as '' (a key column), and is null in the domain.</summary>
    private static string? NullIfBuiltIn(string issuer) => issuer.Length == 0 ? null : issuer;

    private static string[] Split(string permissions) => permissions.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
