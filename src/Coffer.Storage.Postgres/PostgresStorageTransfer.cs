using System.Data;
using System.Runtime.CompilerServices;
using Coffer.Core;
using Coffer.Core.Authorization;
using Coffer.Core.Storage.Transfer;
using Npgsql;

namespace Coffer.Storage.Postgres;

/// <summary>
/// The database as rows: exported from one REPEATABLE READ transaction, imported in one transaction in batches of
/// INSERTs (a round trip per <see cref="BatchRows"/> rows or <see cref="BatchBytes"/>), ids and sequences as given
/// (<c>OVERRIDING SYSTEM VALUE</c>), the identity counters then moved past them. Anything that fails rolls it all back.
/// </summary>
internal sealed class PostgresStorageTransfer(PostgresDatabase database) : IStorageTransfer
{
    private const int BatchRows = 500;
    private const int BatchBytes = 8 << 20;

    private static readonly (StorageTable Table, string Name)[] Tables =
    [
        (StorageTable.Settings, "settings"), (StorageTable.Keyring, "keyring"), (StorageTable.Clients, "clients"), (StorageTable.Vaults, "vaults"),
        (StorageTable.AccessPolicies, "access_policies"), (StorageTable.RoleAssignments, "role_assignments"), (StorageTable.Objects, "objects"),
        (StorageTable.Versions, "versions"), (StorageTable.AuditLog, "audit_log"),
    ];

    public async IAsyncEnumerable<StorageRow> ExportAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        IAsyncEnumerable<StorageRow>[] tables =
        [
            ReadAsync(connection, transaction, """SELECT name, value FROM settings ORDER BY name COLLATE "C" """,
                r => new SettingRow(r.GetString(0), r.GetString(1)), cancellationToken),
            ReadAsync(connection, transaction, "SELECT id, wrapped, created_on FROM keyring ORDER BY id",
                r => new KeyringRow(r.GetInt32(0), r.GetFieldValue<byte[]>(1), r.Time(2)), cancellationToken),
            ReadAsync(connection, transaction,
                """SELECT client_id, object_id, tenant_id, display_name, secret_hash, is_admin, created_on FROM clients ORDER BY client_id COLLATE "C" """,
                r => new ClientRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetBoolean(5), r.Time(6)),
                cancellationToken),
            ReadAsync(connection, transaction,
                """
                SELECT name, tenant_id, subscription_id, location, retention_days, purge_protection, created_on, authorization_mode
                FROM vaults ORDER BY name COLLATE "C"
                """,
                r => new VaultRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4), r.GetBoolean(5), r.Time(6),
                    (VaultAuthorizationMode)r.GetInt32(7)),
                cancellationToken),
            ReadAsync(connection, transaction, // positions numbered 0, 1, 2… as SQLite's rowid order gives them
                """
                SELECT vault, (row_number() OVER (PARTITION BY vault ORDER BY position) - 1)::integer, object_id, issuer, tenant_id, keys, secrets, certificates
                FROM access_policies ORDER BY vault COLLATE "C", position
                """,
                r => new AccessPolicyRow(r.GetString(0), r.GetInt32(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6),
                    r.GetString(7)),
                cancellationToken),
            ReadAsync(connection, transaction,
                """SELECT id, vault, role_definition_id, principal_id, principal_issuer, scope, created_on FROM role_assignments ORDER BY id COLLATE "C" """,
                r => new RoleAssignmentRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.Time(6)),
                cancellationToken),
            ReadAsync(connection, transaction,
                "SELECT id, vault, kind, name_key, name, deleted_on, scheduled_purge_on, policy, pending FROM objects ORDER BY id",
                r => new ObjectRow(r.GetInt64(0), r.GetString(1), (ObjectKind)r.GetInt32(2), r.GetString(3), r.GetString(4), r.NullableTime(5),
                    r.NullableTime(6), r.NullableString(7), r.IsDBNull(8) ? null : r.GetFieldValue<byte[]>(8)),
                cancellationToken),
            ReadAsync(connection, transaction,
                "SELECT seq, object_id, version, created, updated, enabled, nbf, exp, tags, content_type, material, properties FROM versions ORDER BY seq",
                r => new VersionRow(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.Time(3), r.Time(4), r.GetBoolean(5), r.NullableTime(6),
                    r.NullableTime(7), r.NullableString(8), r.NullableString(9), r.GetFieldValue<byte[]>(10), r.NullableString(11)),
                cancellationToken),
            ReadAsync(connection, transaction, $"SELECT {PostgresAuditStore.Columns} FROM audit_log ORDER BY sequence",
                r => new AuditRow(PostgresAuditStore.Read(r)), cancellationToken),
        ];
        foreach (var table in tables)
        {
            await foreach (var row in table)
            {
                yield return row;
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <remarks>
    /// The audit log's lock row is taken first, so two imports into one database take turns (the second then finds the
    /// first's rows and is refused) and no node appends to the log meanwhile. Not <see cref="PostgresDatabase.WriteAsync{T}"/>:
    /// a stream cannot be run again, so a conflict fails the import (rolled back) instead of retrying it.
    /// </remarks>
    public async Task<long> ImportAsync(IAsyncEnumerable<StorageRow> rows, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        await connection.ExecuteAsync("SELECT id FROM audit_log_lock FOR UPDATE", transaction, cancellationToken);
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
            throw new StorageNotEmptyException(occupied); // disposing the transaction rolls it back: nothing was written
        }

        var count = 0L;
        var batch = new NpgsqlBatch(connection, transaction);
        var bytes = 0L;
        try
        {
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                batch.BatchCommands.Add(Insert(row, ref bytes));
                count++;
                if (batch.BatchCommands.Count >= BatchRows || bytes >= BatchBytes)
                {
                    await batch.ExecuteNonQueryAsync(cancellationToken);
                    await batch.DisposeAsync();
                    batch = new NpgsqlBatch(connection, transaction);
                    bytes = 0;
                }
            }

            if (batch.BatchCommands.Count > 0)
            {
                await batch.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        finally
        {
            await batch.DisposeAsync();
        }

        // Later objects and versions are numbered after the copied ones.
        await connection.ExecuteAsync(
            """
            SELECT setval(pg_get_serial_sequence('objects', 'id'), coalesce((SELECT max(id) FROM objects), 0) + 1, false);
            SELECT setval(pg_get_serial_sequence('versions', 'seq'), coalesce((SELECT max(seq) FROM versions), 0) + 1, false);
            """,
            transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    private static NpgsqlBatchCommand Insert(StorageRow row, ref long bytes)
    {
        switch (row)
        {
            case SettingRow s:
                bytes += s.Value.Length;
                return PostgresCommands.BatchCommand("INSERT INTO settings (name, value) VALUES ($1, $2)", s.Name, s.Value);
            case KeyringRow k:
                return PostgresCommands.BatchCommand("INSERT INTO keyring (id, wrapped, created_on) VALUES ($1, $2, $3)", k.Id, k.Wrapped, Utc(k.CreatedOn));
            case ClientRow c:
                return PostgresCommands.BatchCommand(
                    """
                    INSERT INTO clients (client_id, object_id, tenant_id, display_name, secret_hash, is_admin, created_on)
                    VALUES ($1, $2, $3, $4, $5, $6, $7)
                    """,
                    c.ClientId, c.ObjectId, c.TenantId, c.DisplayName, c.SecretHash, c.IsAdmin, Utc(c.CreatedOn));
            case VaultRow v:
                return PostgresCommands.BatchCommand(
                    """
                    INSERT INTO vaults (name, tenant_id, subscription_id, location, retention_days, purge_protection, created_on, authorization_mode)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                    """,
                    v.Name, v.TenantId, v.SubscriptionId, v.Location, v.RetentionDays, v.PurgeProtection, Utc(v.CreatedOn), (int)v.AuthorizationMode);
            case AccessPolicyRow p:
                return PostgresCommands.BatchCommand(
                    """
                    INSERT INTO access_policies (vault, object_id, issuer, position, tenant_id, keys, secrets, certificates)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                    """,
                    p.Vault, p.ObjectId, p.Issuer, p.Position, p.TenantId, p.Keys, p.Secrets, p.Certificates);
            case RoleAssignmentRow a:
                return PostgresCommands.BatchCommand(
                    """
                    INSERT INTO role_assignments (id, vault, role_definition_id, principal_id, principal_issuer, scope, created_on)
                    VALUES ($1, $2, $3, $4, $5, $6, $7)
                    """,
                    a.Id, a.Vault, a.RoleDefinitionId, a.PrincipalId, a.PrincipalIssuer, a.Scope, Utc(a.CreatedOn));
            case ObjectRow o:
                bytes += (o.Policy?.Length ?? 0) + (o.Pending?.Length ?? 0);
                return PostgresCommands.BatchCommand(
                    """
                    INSERT INTO objects (id, vault, kind, name_key, name, deleted_on, scheduled_purge_on, policy, pending)
                    OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                    """,
                    o.Id, o.Vault, (int)o.Kind, o.NameKey, o.Name, Utc(o.DeletedOn), Utc(o.ScheduledPurgeOn), o.Policy, o.Pending);
            case VersionRow v:
                bytes += v.Material.Length + (v.Tags?.Length ?? 0) + (v.Properties?.Length ?? 0);
                return PostgresCommands.BatchCommand(
                    """
                    INSERT INTO versions (seq, object_id, version, created, updated, enabled, nbf, exp, tags, content_type, material, properties)
                    OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                    """,
                    v.Seq, v.ObjectId, v.Version, Utc(v.Created), Utc(v.Updated), v.Enabled, Utc(v.NotBefore), Utc(v.Expires), v.Tags, v.ContentType,
                    v.Material, v.Properties);
            case AuditRow a:
                return PostgresAuditStore.InsertCommand(a.Record);
            default:
                throw new ArgumentException($"Unknown row type {row.GetType().Name}.", nameof(row));
        }
    }

    /// <summary>Npgsql writes a timestamptz only from offset 0; the instant is kept to the tick.</summary>
    private static DateTimeOffset Utc(DateTimeOffset time) => time.ToUniversalTime();

    private static DateTimeOffset? Utc(DateTimeOffset? time) => time?.ToUniversalTime();

    private static async IAsyncEnumerable<StorageRow> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql,
        Func<NpgsqlDataReader, StorageRow> map, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = connection.Command(sql, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return map(reader);
        }
    }
}
