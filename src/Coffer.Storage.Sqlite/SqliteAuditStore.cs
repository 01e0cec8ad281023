using Coffer.Core.Audit;
using Coffer.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Coffer.Storage.Sqlite;

/// <summary>The audit log in the <c>audit_log</c> table; triggers refuse UPDATE, and DELETE except of a prune's exported entries (<see cref="PruneAsync"/>).</summary>
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
    public Task AppendAsync(IReadOnlyList<AuditEntry> entries, AuditChain chain, IAuditSink? sink, CancellationToken cancellationToken) =>
        entries.Count == 0 ? Task.CompletedTask : database.AppendAuditAsync([.. entries.Select(e => new SealableEntry(e, chain, sink))], cancellationToken);

    /// <summary>
    /// Seals and inserts <paramref name="entries"/> after the last record (or the anchor, when a prune left none), inside
    /// the caller's write transaction (SQLite's one writer is the log's lock): the audit entries of a group of writes,
    /// appended before it commits. Returns them as sealed.
    /// </summary>
    internal static async Task<IReadOnlyList<AuditRecord>> AppendAsync(SqliteConnection connection, SqliteTransaction transaction,
        IReadOnlyList<SealableEntry> entries, CancellationToken cancellationToken)
    {
        var last = await connection.QueryAsync("SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1", transaction, ReadAnchor, cancellationToken);
        var (sequence, hash) = last.Count > 0 ? last[0] : await AnchorAsync(connection, transaction, cancellationToken) ?? AuditAnchor.Start;
        var records = new AuditRecord[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            var (e, chain, _) = entries[i];
            hash = chain.Hash(++sequence, e, hash);
            records[i] = new AuditRecord(sequence, e, hash);
            await InsertAsync(connection, transaction, records[i], cancellationToken);
        }

        return records;
    }

    public Task<AuditAnchor?> AnchorAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(connection => AnchorAsync(connection, null, cancellationToken), cancellationToken);

    public Task RecordExportAsync(AuditExport segment, CancellationToken cancellationToken) =>
        database.WriteAloneAsync((connection, transaction) => connection.ExecuteAsync(
            "INSERT INTO audit_exports (first_sequence, last_sequence, last_hash, exported_on, name) VALUES ($first, $last, $hash, $on, $name)",
            transaction, cancellationToken, ("$first", segment.FirstSequence), ("$last", segment.LastSequence), ("$hash", segment.LastHash),
            ("$on", segment.ExportedOn.ToUnixTimeMilliseconds()), ("$name", segment.Name)), cancellationToken);

    public Task<IReadOnlyList<AuditExport>> ExportsAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(connection => ExportsAsync(connection, null, cancellationToken), cancellationToken);

    /// <remarks>
    /// One write transaction of its own: the anchor moves, a permit row lets the delete trigger pass entries up to it
    /// (the trigger also checks the anchor and the exports), the permit goes, the prune's entry is appended. The freed
    /// pages then go back to the file system (incremental vacuum, then a checkpoint) on a database created with
    /// <c>auto_vacuum = INCREMENTAL</c>; an older one keeps them for reuse until a one-time <c>VACUUM</c> switches it.
    /// </remarks>
    public async Task<long> PruneAsync(long through, Func<AuditAnchor, AuditEntry> pruneEntry, AuditChain chain, IAuditSink? sink,
        CancellationToken cancellationToken)
    {
        var removed = await database.WriteAloneAsync(async (connection, transaction) =>
        {
            var anchor = await AnchorAsync(connection, transaction, cancellationToken) ?? AuditAnchor.Start;
            AuditPruneRange.Check(through, anchor, await ExportsAsync(connection, transaction, cancellationToken));
            var hash = await connection.ScalarAsync("SELECT hash FROM audit_log WHERE sequence = $seq", transaction, cancellationToken, ("$seq", through)) as byte[]
                ?? throw new AuditPruneRefusedException($"There is no entry {through} in the audit log.");
            var moved = new AuditAnchor(through, hash);
            await connection.ExecuteAsync(
                "INSERT INTO audit_anchor (id, sequence, hash) VALUES (1, $seq, $hash) ON CONFLICT (id) DO UPDATE SET sequence = excluded.sequence, hash = excluded.hash",
                transaction, cancellationToken, ("$seq", through), ("$hash", hash));
            await connection.ExecuteAsync("INSERT INTO audit_prune_permit (through) VALUES ($seq)", transaction, cancellationToken, ("$seq", through));
            var deleted = await connection.ExecuteAsync("DELETE FROM audit_log WHERE sequence <= $seq", transaction, cancellationToken, ("$seq", through));
            await connection.ExecuteAsync("DELETE FROM audit_prune_permit", transaction, cancellationToken);
            var records = await AppendAsync(connection, transaction, [new SealableEntry(pruneEntry(moved), chain)], cancellationToken);
            if (sink is not null)
            {
                await sink.WriteAsync(records, cancellationToken);
            }

            await connection.ExecuteAsync("PRAGMA incremental_vacuum", transaction, cancellationToken);
            return deleted;
        }, cancellationToken);
        await database.CheckpointAsync(cancellationToken);
        return removed;
    }

    private static async Task<AuditAnchor?> AnchorAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken) =>
        (await connection.QueryAsync("SELECT sequence, hash FROM audit_anchor", transaction, ReadAnchor, cancellationToken)).SingleOrDefault();

    private static async Task<IReadOnlyList<AuditExport>> ExportsAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken) =>
        await connection.QueryAsync("SELECT first_sequence, last_sequence, last_hash, exported_on, name FROM audit_exports ORDER BY id", transaction,
            reader => new AuditExport(reader.GetInt64(0), reader.GetInt64(1), (byte[])reader.GetValue(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), reader.GetString(4)), cancellationToken);

    private static AuditAnchor ReadAnchor(SqliteDataReader reader) => new(reader.GetInt64(0), (byte[])reader.GetValue(1));

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
