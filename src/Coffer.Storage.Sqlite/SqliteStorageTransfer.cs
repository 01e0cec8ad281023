using System.Runtime.CompilerServices;
using Coffer.Core;
using Coffer.Core.Authorization;
using Coffer.Core.Storage.Transfer;
using Microsoft.Data.Sqlite;
using static Coffer.Storage.Sqlite.SqliteCommands;

namespace Coffer.Storage.Sqlite;

/// <summary>
/// The SQLite file as rows: exported from one read transaction (WAL keeps its snapshot while the server writes on),
/// imported in one write transaction. Access policies have no position column here: their order is the rowid's.
/// </summary>
internal sealed class SqliteStorageTransfer(SqliteDatabase database) : IStorageTransfer
{
    private static readonly (StorageTable Table, string Name)[] Tables =
    [
        (StorageTable.Settings, "settings"), (StorageTable.Keyring, "keyring"), (StorageTable.Clients, "clients"), (StorageTable.Users, "users"), (StorageTable.Vaults, "vaults"),
        (StorageTable.AccessPolicies, "access_policies"), (StorageTable.RoleAssignments, "role_assignments"), (StorageTable.Objects, "objects"),
        (StorageTable.Versions, "versions"), (StorageTable.AuditLog, "audit_log"),
    ];

    public async IAsyncEnumerable<StorageRow> ExportAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true); // one snapshot from the first read on
        IAsyncEnumerable<StorageRow>[] tables =
        [
            ReadAsync(connection, transaction, "SELECT name, value FROM settings ORDER BY name",
                r => new SettingRow(r.GetString(0), r.GetString(1)), cancellationToken),
            ReadAsync(connection, transaction, "SELECT id, wrapped, created_on, activates_on, previous_wrapped FROM keyring ORDER BY id",
                r => new KeyringRow(r.GetInt32(0), (byte[])r.GetValue(1), FromUnix(r.GetInt64(2)), FromUnix(r.NullableInt64(3)), r.IsDBNull(4) ? null : (byte[])r.GetValue(4)),
                cancellationToken),
            ReadAsync(connection, transaction,
                "SELECT client_id, object_id, tenant_id, display_name, secret_hash, is_admin, created_on FROM clients ORDER BY client_id",
                r => new ClientRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetBoolean(5), FromUnix(r.GetInt64(6))),
                cancellationToken),
            ReadAsync(connection, transaction,
                "SELECT user_name, object_id, tenant_id, display_name, password_hash, is_admin, created_on FROM users ORDER BY user_name",
                r => new UserRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetBoolean(5), FromUnix(r.GetInt64(6))),
                cancellationToken),
            ReadAsync(connection, transaction,
                "SELECT name, tenant_id, subscription_id, location, retention_days, purge_protection, created_on, authorization_mode FROM vaults ORDER BY name",
                r => new VaultRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4), r.GetBoolean(5), FromUnix(r.GetInt64(6)),
                    (VaultAuthorizationMode)r.GetInt32(7)),
                cancellationToken),
            ReadAsync(connection, transaction,
                """
                SELECT vault, row_number() OVER (PARTITION BY vault ORDER BY rowid) - 1, object_id, issuer, tenant_id, keys, secrets, certificates
                FROM access_policies ORDER BY vault, rowid
                """,
                r => new AccessPolicyRow(r.GetString(0), r.GetInt32(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6),
                    r.GetString(7)),
                cancellationToken),
            ReadAsync(connection, transaction,
                "SELECT id, vault, role_definition_id, principal_id, principal_issuer, scope, created_on FROM role_assignments ORDER BY id",
                r => new RoleAssignmentRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), FromUnix(r.GetInt64(6))),
                cancellationToken),
            ReadAsync(connection, transaction,
                "SELECT id, vault, kind, name_key, name, deleted_on, scheduled_purge_on, policy, pending FROM objects ORDER BY id",
                r => new ObjectRow(r.GetInt64(0), r.GetString(1), (ObjectKind)r.GetInt32(2), r.GetString(3), r.GetString(4), FromUnix(r.NullableInt64(5)),
                    FromUnix(r.NullableInt64(6)), r.NullableString(7), r.IsDBNull(8) ? null : (byte[])r.GetValue(8)),
                cancellationToken),
            ReadAsync(connection, transaction,
                "SELECT seq, object_id, version, created, updated, enabled, nbf, exp, tags, content_type, material, properties FROM versions ORDER BY seq",
                r => new VersionRow(r.GetInt64(0), r.GetInt64(1), r.GetString(2), FromUnix(r.GetInt64(3)), FromUnix(r.GetInt64(4)), r.GetBoolean(5),
                    FromUnix(r.NullableInt64(6)), FromUnix(r.NullableInt64(7)), r.NullableString(8), r.NullableString(9), (byte[])r.GetValue(10),
                    r.NullableString(11)),
                cancellationToken),
            ReadAsync(connection, transaction, $"SELECT {SqliteAuditStore.Columns} FROM audit_log ORDER BY sequence",
                r => new AuditRow(SqliteAuditStore.Read(r)), cancellationToken),
        ];
        foreach (var table in tables)
        {
            await foreach (var row in table)
            {
                yield return row;
            }
        }
    }

    public Task<long> ImportAsync(IAsyncEnumerable<StorageRow> rows, CancellationToken cancellationToken) =>
        database.WriteAloneAsync(async (connection, transaction) =>
        {
            var occupied = new List<StorageTable>();
            foreach (var (table, name) in Tables)
            {
                if (await connection.ScalarAsync($"SELECT 1 FROM {name} LIMIT 1", transaction, cancellationToken) is not null)
                {
                    occupied.Add(table);
                }
            }

            if (occupied.Count > 0)
            {
                throw new StorageNotEmptyException(occupied);
            }

            var count = 0L;
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                await InsertAsync(connection, transaction, row, cancellationToken);
                count++;
            }

            return count;
        }, cancellationToken);

    private static Task<int> InsertAsync(SqliteConnection connection, SqliteTransaction transaction, StorageRow row, CancellationToken cancellationToken) => row switch
    {
        SettingRow s => connection.ExecuteAsync("INSERT INTO settings (name, value) VALUES ($name, $value)", transaction, cancellationToken,
            ("$name", s.Name), ("$value", s.Value)),
        KeyringRow k => connection.ExecuteAsync(
            "INSERT INTO keyring (id, wrapped, created_on, activates_on, previous_wrapped) VALUES ($id, $wrapped, $created, $activates, $previous)",
            transaction, cancellationToken,
            ("$id", k.Id), ("$wrapped", k.Wrapped), ("$created", k.CreatedOn.Unix()), ("$activates", k.ActivatesOn.Unix()), ("$previous", k.PreviousWrapped)),
        ClientRow c => connection.ExecuteAsync(
            """
            INSERT INTO clients (client_id, object_id, tenant_id, display_name, secret_hash, is_admin, created_on)
            VALUES ($clientId, $objectId, $tenantId, $displayName, $secretHash, $isAdmin, $created)
            """,
            transaction, cancellationToken,
            ("$clientId", c.ClientId), ("$objectId", c.ObjectId), ("$tenantId", c.TenantId), ("$displayName", c.DisplayName),
            ("$secretHash", c.SecretHash), ("$isAdmin", c.IsAdmin), ("$created", c.CreatedOn.Unix())),
        UserRow u => connection.ExecuteAsync(
            """
            INSERT INTO users (user_name, object_id, tenant_id, display_name, password_hash, is_admin, created_on)
            VALUES ($userName, $objectId, $tenantId, $displayName, $passwordHash, $isAdmin, $created)
            """,
            transaction, cancellationToken,
            ("$userName", u.UserName), ("$objectId", u.ObjectId), ("$tenantId", u.TenantId), ("$displayName", u.DisplayName),
            ("$passwordHash", u.PasswordHash), ("$isAdmin", u.IsAdmin), ("$created", u.CreatedOn.Unix())),
        VaultRow v => connection.ExecuteAsync(
            """
            INSERT INTO vaults (name, tenant_id, subscription_id, location, retention_days, purge_protection, created_on, authorization_mode)
            VALUES ($name, $tenant, $subscription, $location, $retention, $purgeProtection, $created, $mode)
            """,
            transaction, cancellationToken,
            ("$name", v.Name), ("$tenant", v.TenantId), ("$subscription", v.SubscriptionId), ("$location", v.Location), ("$retention", v.RetentionDays),
            ("$purgeProtection", v.PurgeProtection), ("$created", v.CreatedOn.Unix()), ("$mode", (int)v.AuthorizationMode)),
        AccessPolicyRow p => connection.ExecuteAsync( // rows come in position order, which the rowid keeps
            """
            INSERT INTO access_policies (vault, object_id, issuer, tenant_id, keys, secrets, certificates)
            VALUES ($vault, $objectId, $issuer, $tenantId, $keys, $secrets, $certificates)
            """,
            transaction, cancellationToken,
            ("$vault", p.Vault), ("$objectId", p.ObjectId), ("$issuer", p.Issuer), ("$tenantId", p.TenantId), ("$keys", p.Keys), ("$secrets", p.Secrets),
            ("$certificates", p.Certificates)),
        RoleAssignmentRow a => connection.ExecuteAsync(
            """
            INSERT INTO role_assignments (id, vault, role_definition_id, principal_id, principal_issuer, scope, created_on)
            VALUES ($id, $vault, $role, $principal, $issuer, $scope, $created)
            """,
            transaction, cancellationToken,
            ("$id", a.Id), ("$vault", a.Vault), ("$role", a.RoleDefinitionId), ("$principal", a.PrincipalId), ("$issuer", a.PrincipalIssuer),
            ("$scope", a.Scope), ("$created", a.CreatedOn.Unix())),
        ObjectRow o => connection.ExecuteAsync(
            """
            INSERT INTO objects (id, vault, kind, name_key, name, deleted_on, scheduled_purge_on, policy, pending)
            VALUES ($id, $vault, $kind, $key, $name, $deletedOn, $purgeOn, $policy, $pending)
            """,
            transaction, cancellationToken,
            ("$id", o.Id), ("$vault", o.Vault), ("$kind", (int)o.Kind), ("$key", o.NameKey), ("$name", o.Name), ("$deletedOn", o.DeletedOn.Unix()),
            ("$purgeOn", o.ScheduledPurgeOn.Unix()), ("$policy", o.Policy), ("$pending", o.Pending)),
        VersionRow v => connection.ExecuteAsync( // an explicit seq moves AUTOINCREMENT's counter past it
            """
            INSERT INTO versions (seq, object_id, version, created, updated, enabled, nbf, exp, tags, content_type, material, properties)
            VALUES ($seq, $objectId, $version, $created, $updated, $enabled, $nbf, $exp, $tags, $contentType, $material, $properties)
            """,
            transaction, cancellationToken,
            ("$seq", v.Seq), ("$objectId", v.ObjectId), ("$version", v.Version), ("$created", v.Created.Unix()), ("$updated", v.Updated.Unix()),
            ("$enabled", v.Enabled), ("$nbf", v.NotBefore.Unix()), ("$exp", v.Expires.Unix()), ("$tags", v.Tags), ("$contentType", v.ContentType),
            ("$material", v.Material), ("$properties", v.Properties)),
        AuditRow a => SqliteAuditStore.InsertAsync(connection, transaction, a.Record, cancellationToken),
        _ => throw new ArgumentException($"Unknown row type {row.GetType().Name}.", nameof(row)),
    };

    private static async IAsyncEnumerable<StorageRow> ReadAsync(SqliteConnection connection, SqliteTransaction transaction, string sql,
        Func<SqliteDataReader, StorageRow> map, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = connection.Command(sql, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return map(reader);
        }
    }
}
