using Coffer.Core.Audit;
using Coffer.Core.Storage;
using Npgsql;

namespace Coffer.Storage.Postgres;

/// <summary>The audit log in the <c>audit_log</c> table; triggers refuse UPDATE and TRUNCATE, and DELETE except of a prune's exported entries (<see cref="PruneAsync"/>).</summary>
internal sealed class PostgresAuditStore(PostgresDatabase database) : IAuditStore
{
    internal const string Columns =
        "sequence, time, object_id, application_id, tenant_id, vault, operation, object_kind, object_name, object_version, status, request_id, correlation_id, client_ip, hash, issuer";

    /// <summary>The audit log's primary key (on <c>sequence</c>): an append that meets it found the head behind the log.</summary>
    internal const string PrimaryKey = "audit_log_pkey";

    private const string LockHead = "SELECT sequence, hash FROM audit_log_lock FOR UPDATE";

    private const string Insert =
        $"INSERT INTO audit_log ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)";

    public async Task<AuditRecord?> LastAsync(CancellationToken cancellationToken) =>
        (await database.ReadAsync(
            connection => connection.QueryAsync($"SELECT {Columns} FROM audit_log ORDER BY sequence DESC LIMIT 1", null, Read, cancellationToken),
            cancellationToken)).SingleOrDefault();

    /// <remarks>The entries commit with this node's next group of writes (<see cref="PostgresDatabase.WriteAsync{T}"/>).</remarks>
    public Task AppendAsync(IReadOnlyList<AuditEntry> entries, AuditChain chain, IAuditSink? sink, CancellationToken cancellationToken) =>
        entries.Count == 0 ? Task.CompletedTask : database.AppendAuditAsync([.. entries.Select(e => new SealableEntry(e, chain, sink))], cancellationToken);

    /// <summary>
    /// Seals and inserts <paramref name="entries"/> after the last record, inside the caller's transaction, last before it
    /// commits. The log's lock is the one row of <c>audit_log_lock</c>, held until the transaction ends, so every node's
    /// appends take turns and form one chain; the row also holds the chain's head (last sequence and hash), so a turn costs
    /// two round trips: the head read under the lock, then the inserts with the head's update in one batch.
    /// </summary>
    internal static async Task<IReadOnlyList<AuditRecord>> AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        IReadOnlyList<SealableEntry> entries, CancellationToken cancellationToken)
    {
        // After waiting for the lock, READ COMMITTED reads the row as the previous holder committed it.
        var head = await connection.QueryAsync(LockHead, transaction,
            reader => (Sequence: reader.GetInt64(0), Hash: reader.IsDBNull(1) ? AuditChain.Genesis : reader.GetFieldValue<byte[]>(1)), cancellationToken);
        var (sequence, hash) = head.Single();
        await using var batch = new NpgsqlBatch(connection, transaction);
        var records = new AuditRecord[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            var (e, chain, _) = entries[i];
            hash = chain.Hash(++sequence, e, hash);
            records[i] = new AuditRecord(sequence, e, hash);
            batch.BatchCommands.Add(PostgresCommands.BatchCommand(Insert,
                sequence, DateTimeOffset.FromUnixTimeMilliseconds(e.Time.ToUnixTimeMilliseconds()), e.ObjectId, e.ApplicationId,
                e.TenantId, e.Vault, e.Operation, e.ObjectKind, e.ObjectName, e.ObjectVersion, e.Status, e.RequestId, e.CorrelationId,
                e.ClientIp, hash, e.Issuer));
        }

        batch.BatchCommands.Add(PostgresCommands.BatchCommand("UPDATE audit_log_lock SET sequence = $1, hash = $2", sequence, hash));
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return records;
    }

    public async Task<AuditAnchor?> AnchorAsync(CancellationToken cancellationToken) =>
        await database.ReadAsync(connection => AnchorAsync(connection, null, lockRow: false, cancellationToken), cancellationToken);

    public Task RecordExportAsync(AuditExport segment, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) => connection.ExecuteAsync(
            "INSERT INTO audit_exports (first_sequence, last_sequence, last_hash, exported_on, name) VALUES ($1, $2, $3, $4, $5)",
            transaction, cancellationToken, segment.FirstSequence, segment.LastSequence, segment.LastHash,
            DateTimeOffset.FromUnixTimeMilliseconds(segment.ExportedOn.ToUnixTimeMilliseconds()), segment.Name), cancellationToken);

    public async Task<IReadOnlyList<AuditExport>> ExportsAsync(CancellationToken cancellationToken) =>
        await database.ReadAsync(connection => ExportsAsync(connection, null, cancellationToken), cancellationToken);

    /// <remarks>
    /// One transaction under the log's lock (the appends of every node wait for it): the anchor moves in the lock row,
    /// <c>coffer.audit_prune</c> is set for the delete (the trigger also checks the anchor and the exports) and cleared,
    /// the prune's entry is appended. Then a plain <c>VACUUM</c> of the table makes the space reusable by the next
    /// entries (the table stops growing) without the exclusive lock a <c>VACUUM FULL</c> would take.
    /// </remarks>
    public async Task<long> PruneAsync(long through, Func<AuditAnchor, AuditEntry> pruneEntry, AuditChain chain, IAuditSink? sink,
        CancellationToken cancellationToken)
    {
        var removed = await database.WriteAsync(async (connection, transaction) =>
        {
            var anchor = await AnchorAsync(connection, transaction, lockRow: true, cancellationToken) ?? AuditAnchor.Start;
            AuditPruneRange.Check(through, anchor, await ExportsAsync(connection, transaction, cancellationToken));
            var hash = await connection.ScalarAsync("SELECT hash FROM audit_log WHERE sequence = $1", transaction, cancellationToken, through) as byte[]
                ?? throw new AuditPruneRefusedException($"There is no entry {through} in the audit log.");
            await connection.ExecuteAsync("UPDATE audit_log_lock SET anchor_sequence = $1, anchor_hash = $2", transaction, cancellationToken, through, hash);
            await connection.ExecuteAsync("SELECT set_config('coffer.audit_prune', 'on', true)", transaction, cancellationToken);
            var deleted = await connection.ExecuteAsync("DELETE FROM audit_log WHERE sequence <= $1", transaction, cancellationToken, through);
            await connection.ExecuteAsync("SELECT set_config('coffer.audit_prune', '', true)", transaction, cancellationToken);
            var records = await AppendAsync(connection, transaction, [new SealableEntry(pruneEntry(new AuditAnchor(through, hash)), chain)], cancellationToken);
            if (sink is not null)
            {
                await sink.WriteAsync(records, cancellationToken);
            }

            return (long)deleted;
        }, cancellationToken);
        await database.ReadAsync(connection => connection.ExecuteAsync("VACUUM audit_log", null, cancellationToken), cancellationToken);
        return removed;
    }

    private static async Task<AuditAnchor?> AnchorAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, bool lockRow,
        CancellationToken cancellationToken) =>
        (await connection.QueryAsync("SELECT anchor_sequence, anchor_hash FROM audit_log_lock" + (lockRow ? " FOR UPDATE" : ""), transaction,
            reader => reader.IsDBNull(1) ? null : new AuditAnchor(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)), cancellationToken)).Single();

    private static async Task<IReadOnlyList<AuditExport>> ExportsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        CancellationToken cancellationToken) =>
        await connection.QueryAsync("SELECT first_sequence, last_sequence, last_hash, exported_on, name FROM audit_exports ORDER BY id", transaction,
            reader => new AuditExport(reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<byte[]>(2), reader.Time(3), reader.GetString(4)),
            cancellationToken);

    /// <summary>Sets the head to the last stored record, in a transaction of its own under the lock; a failure leaves it for the next stale append.</summary>
    internal static async Task RealignHeadAsync(NpgsqlConnection connection)
    {
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
            await connection.ExecuteAsync(LockHead, transaction, CancellationToken.None);
            await ResetHeadAsync(connection, transaction, CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }
        catch (NpgsqlException)
        {
        }
    }

    /// <summary>Sets the head kept in the lock row to the last stored record (after records were copied in as they were stored).</summary>
    internal static Task<int> ResetHeadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(
            "UPDATE audit_log_lock SET sequence = a.sequence, hash = a.hash FROM (SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1) a",
            transaction, cancellationToken);

    public async Task<IReadOnlyList<AuditRecord>> ReadAsync(long fromSequence, int count, CancellationToken cancellationToken) =>
        await database.ReadAsync(
            connection => connection.QueryAsync($"SELECT {Columns} FROM audit_log WHERE sequence >= $1 ORDER BY sequence LIMIT $2", null, Read,
                cancellationToken, fromSequence, count),
            cancellationToken);

    public async Task<IReadOnlyList<AuditRecord>> TailAsync(int count, CancellationToken cancellationToken)
    {
        var newestFirst = await database.ReadAsync(
            connection => connection.QueryAsync($"SELECT {Columns} FROM audit_log ORDER BY sequence DESC LIMIT $1", null, Read, cancellationToken, count),
            cancellationToken);
        newestFirst.Reverse();
        return newestFirst;
    }

    internal static AuditRecord Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        new AuditEntry(
            reader.Time(1),
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
        reader.GetFieldValue<byte[]>(14));
}
