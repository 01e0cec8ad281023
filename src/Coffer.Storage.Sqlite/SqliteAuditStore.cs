using Coffer.Core.Audit;
using Coffer.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Coffer.Storage.Sqlite;

/// <summary>The audit log in the <c>audit_log</c> table; triggers refuse UPDATE and DELETE, and this type offers neither.</summary>
public sealed class SqliteAuditStore(SqliteDatabase database) : IAuditStore
{
    internal const string Columns =
        "sequence, time, object_id, application_id, tenant_id, vault, operation, object_kind, object_name, object_version, status, request_id, correlation_id, client_ip, hash, issuer";

    private const string Insert =
        $"INSERT INTO audit_log ({Columns}) VALUES ($seq, $time, $oid, $appid, $tid, $vault, $op, $kind, $name, $version, $status, $rid, $cid, $ip, $hash, $iss)";

    public async Task<AuditRecord?> LastAsync(CancellationToken cancellationToken) =>
        (await database.ReadAsync(
            connection => connection.QueryAsync($"SELECT {Columns} FROM audit_log ORDER BY sequence DESC LIMIT 1", null, Read, cancellationToken),
            cancellationToken)).SingleOrDefault();

    /// <remarks>The entries commit with the next group of writes (<see cref="SqliteDatabase.WriteAsync{T}"/>).</remarks>
    public Task AppendAsync(IReadOnlyList<AuditEntry> entries, AuditChain chain, CancellationToken cancellationToken) =>
        entries.Count == 0 ? Task.CompletedTask : database.AppendAuditAsync([.. entries.Select(e => new SealableEntry(e, chain))], cancellationToken);

    /// <summary>
    /// Seals and inserts <paramref name="entries"/> after the last record, inside the caller's write transaction (SQLite's
    /// one writer is the log's lock): the audit entries of a group of writes, appended before it commits.
    /// </summary>
    internal static async Task AppendAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<SealableEntry> entries,
        CancellationToken cancellationToken)
    {
        var last = await connection.QueryAsync("SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1", transaction,
            reader => (Sequence: reader.GetInt64(0), Hash: (byte[])reader.GetValue(1)), cancellationToken);
        var (sequence, hash) = last.Count == 0 ? (0L, AuditChain.Genesis) : last[0];
        foreach (var (e, chain) in entries)
        {
            hash = chain.Hash(++sequence, e, hash);
            await InsertAsync(connection, transaction, new AuditRecord(sequence, e, hash), cancellationToken);
        }
    }

    /// <summary>Inserts a record as it is, already sealed (an append, or a copy of another database's log).</summary>
    internal static Task<int> InsertAsync(SqliteConnection connection, SqliteTransaction transaction, AuditRecord record, CancellationToken cancellationToken)
    {
        var e = record.Entry;
        return connection.ExecuteAsync(Insert, transaction, cancellationToken,
            ("$seq", record.Sequence), ("$time", e.Time.ToUnixTimeMilliseconds()), ("$oid", e.ObjectId), ("$appid", e.ApplicationId),
            ("$tid", e.TenantId), ("$vault", e.Vault), ("$op", e.Operation), ("$kind", e.ObjectKind), ("$name", e.ObjectName),
            ("$version", e.ObjectVersion), ("$status", e.Status), ("$rid", e.RequestId), ("$cid", e.CorrelationId), ("$ip", e.ClientIp),
            ("$hash", record.Hash), ("$iss", e.Issuer));
    }

    public async Task<IReadOnlyList<AuditRecord>> ReadAsync(long fromSequence, int count, CancellationToken cancellationToken) =>
        await database.ReadAsync(
            connection => connection.QueryAsync($"SELECT {Columns} FROM audit_log WHERE sequence >= $from ORDER BY sequence LIMIT $count", null, Read,
                cancellationToken, ("$from", fromSequence), ("$count", count)),
            cancellationToken);

    public async Task<IReadOnlyList<AuditRecord>> TailAsync(int count, CancellationToken cancellationToken)
    {
        var newestFirst = await database.ReadAsync(
            connection => connection.QueryAsync($"SELECT {Columns} FROM audit_log ORDER BY sequence DESC LIMIT $count", null, Read,
                cancellationToken, ("$count", count)),
            cancellationToken);
        newestFirst.Reverse();
        return newestFirst;
    }

    internal static AuditRecord Read(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        new AuditEntry(
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
            reader.NullableString(2),
            reader.NullableString(3),
            reader.NullableString(4),
            reader.NullableString(5),
            reader.GetString(6),
            reader.NullableString(7),
            reader.NullableString(8),
            reader.NullableString(9),
            reader.IsDBNull(10) ? null : reader.GetInt32(10),
            reader.GetString(11),
            reader.NullableString(12),
            reader.NullableString(13),
            reader.NullableString(15)),
        (byte[])reader.GetValue(14));
}
