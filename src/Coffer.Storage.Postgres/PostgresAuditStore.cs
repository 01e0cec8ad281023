using Coffer.Core.Audit;
using Coffer.Core.Storage;
using Npgsql;

namespace Coffer.Storage.Postgres;

/// <summary>The audit log in the <c>audit_log</c> table; a trigger refuses UPDATE, DELETE and TRUNCATE, and this type offers none.</summary>
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
    public Task AppendAsync(IReadOnlyList<AuditEntry> entries, AuditChain chain, CancellationToken cancellationToken) =>
        entries.Count == 0 ? Task.CompletedTask : database.AppendAuditAsync([.. entries.Select(e => new SealableEntry(e, chain))], cancellationToken);

    /// <summary>
    /// Seals and inserts <paramref name="entries"/> after the last record, inside the caller's transaction, last before it
    /// commits. The log's lock is the one row of <c>audit_log_lock</c>, held until the transaction ends, so every node's
    /// appends take turns and form one chain; the row also holds the chain's head (last sequence and hash), so a turn costs
    /// two round trips: the head read under the lock, then the inserts with the head's update in one batch.
    /// </summary>
    internal static async Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<SealableEntry> entries,
        CancellationToken cancellationToken)
    {
        // After waiting for the lock, READ COMMITTED reads the row as the previous holder committed it.
        var head = await connection.QueryAsync(LockHead, transaction,
            reader => (Sequence: reader.GetInt64(0), Hash: reader.IsDBNull(1) ? AuditChain.Genesis : reader.GetFieldValue<byte[]>(1)), cancellationToken);
        var (sequence, hash) = head.Single();
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var (e, chain) in entries)
        {
            hash = chain.Hash(++sequence, e, hash);
            batch.BatchCommands.Add(PostgresCommands.BatchCommand(Insert,
                sequence, DateTimeOffset.FromUnixTimeMilliseconds(e.Time.ToUnixTimeMilliseconds()), e.ObjectId, e.ApplicationId,
                e.TenantId, e.Vault, e.Operation, e.ObjectKind, e.ObjectName, e.ObjectVersion, e.Status, e.RequestId, e.CorrelationId,
                e.ClientIp, hash, e.Issuer));
        }

        batch.BatchCommands.Add(PostgresCommands.BatchCommand("UPDATE audit_log_lock SET sequence = $1, hash = $2", sequence, hash));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

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
