using System.Data;
using System.Runtime.CompilerServices;
using Coffer.Core;
using Coffer.Core.Authorization;
using Coffer.Core.Storage.Transfer;
using Npgsql;
using NpgsqlTypes;

namespace Coffer.Storage.Postgres;

/// <summary>
/// The database as rows: exported from one REPEATABLE READ transaction; imported in one transaction, each table streamed
/// through one binary <c>COPY … FROM STDIN</c> (measured: 3x the rows per second of batched INSERTs), which writes the given
/// ids into the identity columns; the identity counters are then moved past them. Anything that fails rolls it all back.
/// </summary>
internal sealed class PostgresStorageTransfer(PostgresDatabase database) : IStorageTransfer
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
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        IAsyncEnumerable<StorageRow>[] tables =
        [
            ReadAsync(connection, transaction, """SELECT name, value FROM settings ORDER BY name COLLATE "C" """,
                r => new SettingRow(r.GetString(0), r.GetString(1)), cancellationToken),
            ReadAsync(connection, transaction, "SELECT id, wrapped, created_on, activates_on, previous_wrapped FROM keyring ORDER BY id",
                r => new KeyringRow(r.GetInt32(0), r.GetFieldValue<byte[]>(1), r.Time(2), r.NullableTime(3), r.IsDBNull(4) ? null : r.GetFieldValue<byte[]>(4)),
                cancellationToken),
            ReadAsync(connection, transaction,
                """SELECT client_id, object_id, tenant_id, display_name, secret_hash, is_admin, created_on FROM clients ORDER BY client_id COLLATE "C" """,
                r => new ClientRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetBoolean(5), r.Time(6)),
                cancellationToken),
            ReadAsync(connection, transaction,
                """SELECT user_name, object_id, tenant_id, display_name, password_hash, is_admin, created_on FROM users ORDER BY user_name COLLATE "C" """,
                r => new UserRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetBoolean(5), r.Time(6)),
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
        NpgsqlBinaryImporter? copy = null;
        StorageTable? copying = null;
        try
        {
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                if (row.Table != copying)
                {
                    if (copy is not null)
                    {
                        await copy.CompleteAsync(cancellationToken);
                        await copy.DisposeAsync();
                        copy = null;
                    }

                    copying = row.Table;
                    copy = await connection.BeginBinaryImportAsync(CopyOf(row.Table), cancellationToken);
                }

                await copy!.StartRowAsync(cancellationToken);
                await WriteAsync(copy, row, cancellationToken);
                count++;
            }

            if (copy is not null)
            {
                await copy.CompleteAsync(cancellationToken);
            }
        }
        finally
        {
            if (copy is not null)
            {
                await copy.DisposeAsync(); // a COPY not completed is cancelled; the transaction then rolls back
            }
        }

        // Later objects and versions are numbered after the copied ones.
        await connection.ExecuteAsync(
            """
            SELECT setval(pg_get_serial_sequence('objects', 'id'), coalesce((SELECT max(id) FROM objects), 0) + 1, false);
            SELECT setval(pg_get_serial_sequence('versions', 'seq'), coalesce((SELECT max(seq) FROM versions), 0) + 1, false);
            """,
            transaction, cancellationToken);
        await PostgresAuditStore.ResetHeadAsync(connection, transaction, cancellationToken); // the next append continues the copied chain
        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    private static string CopyOf(StorageTable table) => "COPY " + table switch
    {
        StorageTable.Settings => "settings (name, value)",
        StorageTable.Keyring => "keyring (id, wrapped, created_on, activates_on, previous_wrapped)",
        StorageTable.Clients => "clients (client_id, object_id, tenant_id, display_name, secret_hash, is_admin, created_on)",
        StorageTable.Users => "users (user_name, object_id, tenant_id, display_name, password_hash, is_admin, created_on)",
        StorageTable.Vaults => "vaults (name, tenant_id, subscription_id, location, retention_days, purge_protection, created_on, authorization_mode)",
        StorageTable.AccessPolicies => "access_policies (vault, object_id, issuer, position, tenant_id, keys, secrets, certificates)",
        StorageTable.RoleAssignments => "role_assignments (id, vault, role_definition_id, principal_id, principal_issuer, scope, created_on)",
        StorageTable.Objects => "objects (id, vault, kind, name_key, name, deleted_on, scheduled_purge_on, policy, pending)",
        StorageTable.Versions => "versions (seq, object_id, version, created, updated, enabled, nbf, exp, tags, content_type, material, properties)",
        StorageTable.AuditLog => $"audit_log ({PostgresAuditStore.Columns})",
        _ => throw new ArgumentOutOfRangeException(nameof(table)),
    } + " FROM STDIN (FORMAT BINARY)";

    private static async Task WriteAsync(NpgsqlBinaryImporter copy, StorageRow row, CancellationToken cancellationToken)
    {
        switch (row)
        {
            case SettingRow s:
                await Text(copy, s.Name, cancellationToken);
                await Text(copy, s.Value, cancellationToken);
                break;
            case KeyringRow k:
                await copy.WriteAsync(k.Id, NpgsqlDbType.Integer, cancellationToken);
                await Bytes(copy, k.Wrapped, cancellationToken);
                await Time(copy, k.CreatedOn, cancellationToken);
                await Time(copy, k.ActivatesOn, cancellationToken);
                await Bytes(copy, k.PreviousWrapped, cancellationToken);
                break;
            case ClientRow c:
                foreach (var text in new[] { c.ClientId, c.ObjectId, c.TenantId, c.DisplayName, c.SecretHash })
                {
                    await Text(copy, text, cancellationToken);
                }

                await copy.WriteAsync(c.IsAdmin, NpgsqlDbType.Boolean, cancellationToken);
                await Time(copy, c.CreatedOn, cancellationToken);
                break;
            case UserRow u:
                foreach (var text in new[] { u.UserName, u.ObjectId, u.TenantId, u.DisplayName, u.PasswordHash })
                {
                    await Text(copy, text, cancellationToken);
                }

                await copy.WriteAsync(u.IsAdmin, NpgsqlDbType.Boolean, cancellationToken);
                await Time(copy, u.CreatedOn, cancellationToken);
                break;
            case VaultRow v:
                foreach (var text in new[] { v.Name, v.TenantId, v.SubscriptionId, v.Location })
                {
                    await Text(copy, text, cancellationToken);
                }

                await copy.WriteAsync(v.RetentionDays, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(v.PurgeProtection, NpgsqlDbType.Boolean, cancellationToken);
                await Time(copy, v.CreatedOn, cancellationToken);
                await copy.WriteAsync((int)v.AuthorizationMode, NpgsqlDbType.Integer, cancellationToken);
                break;
            case AccessPolicyRow p:
                await Text(copy, p.Vault, cancellationToken);
                await Text(copy, p.ObjectId, cancellationToken);
                await Text(copy, p.Issuer, cancellationToken);
                await copy.WriteAsync(p.Position, NpgsqlDbType.Integer, cancellationToken);
                foreach (var text in new[] { p.TenantId, p.Keys, p.Secrets, p.Certificates })
                {
                    await Text(copy, text, cancellationToken);
                }

                break;
            case RoleAssignmentRow a:
                foreach (var text in new[] { a.Id, a.Vault, a.RoleDefinitionId, a.PrincipalId, a.PrincipalIssuer, a.Scope })
                {
                    await Text(copy, text, cancellationToken);
                }

                await Time(copy, a.CreatedOn, cancellationToken);
                break;
            case ObjectRow o:
                await copy.WriteAsync(o.Id, NpgsqlDbType.Bigint, cancellationToken);
                await Text(copy, o.Vault, cancellationToken);
                await copy.WriteAsync((int)o.Kind, NpgsqlDbType.Integer, cancellationToken);
                await Text(copy, o.NameKey, cancellationToken);
                await Text(copy, o.Name, cancellationToken);
                await Time(copy, o.DeletedOn, cancellationToken);
                await Time(copy, o.ScheduledPurgeOn, cancellationToken);
                await Text(copy, o.Policy, cancellationToken);
                await Bytes(copy, o.Pending, cancellationToken);
                break;
            case VersionRow v:
                await copy.WriteAsync(v.Seq, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(v.ObjectId, NpgsqlDbType.Bigint, cancellationToken);
                await Text(copy, v.Version, cancellationToken);
                await Time(copy, v.Created, cancellationToken);
                await Time(copy, v.Updated, cancellationToken);
                await copy.WriteAsync(v.Enabled, NpgsqlDbType.Boolean, cancellationToken);
                await Time(copy, v.NotBefore, cancellationToken);
                await Time(copy, v.Expires, cancellationToken);
                await Text(copy, v.Tags, cancellationToken);
                await Text(copy, v.ContentType, cancellationToken);
                await Bytes(copy, v.Material, cancellationToken);
                await Text(copy, v.Properties, cancellationToken);
                break;
            case AuditRow a:
                var e = a.Record.Entry;
                await copy.WriteAsync(a.Record.Sequence, NpgsqlDbType.Bigint, cancellationToken);
                await Time(copy, e.Time, cancellationToken);
                foreach (var text in new[] { e.ObjectId, e.ApplicationId, e.TenantId, e.Vault, e.Operation, e.ObjectKind, e.ObjectName, e.ObjectVersion })
                {
                    await Text(copy, text, cancellationToken);
                }

                if (e.Status is { } status)
                {
                    await copy.WriteAsync(status, NpgsqlDbType.Integer, cancellationToken);
                }
                else
                {
                    await copy.WriteNullAsync(cancellationToken);
                }

                foreach (var text in new[] { e.RequestId, e.CorrelationId, e.ClientIp })
                {
                    await Text(copy, text, cancellationToken);
                }

                await Bytes(copy, a.Record.Hash, cancellationToken);
                await Text(copy, e.Issuer, cancellationToken);
                break;
            default:
                throw new ArgumentException($"Unknown row type {row.GetType().Name}.", nameof(row));
        }
    }

    private static Task Text(NpgsqlBinaryImporter copy, string? value, CancellationToken cancellationToken) =>
        value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    private static Task Bytes(NpgsqlBinaryImporter copy, byte[]? value, CancellationToken cancellationToken) =>
        value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, NpgsqlDbType.Bytea, cancellationToken);

    /// <summary>Npgsql writes a timestamptz only from offset 0; the instant is kept to the tick.</summary>
    private static Task Time(NpgsqlBinaryImporter copy, DateTimeOffset? value, CancellationToken cancellationToken) =>
        value is { } time ? copy.WriteAsync(time.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken) : copy.WriteNullAsync(cancellationToken);

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
