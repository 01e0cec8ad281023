using System.Data;
using Coffer.Core.Audit;
using Coffer.Core.Diagnostics;
using Coffer.Core.Storage;
using Npgsql;

namespace Coffer.Storage.Postgres;

/// <summary>
/// A PostgreSQL database that several nodes share, through Npgsql's connection pool. Each store call is one
/// transaction (audited writes of one node share one: <see cref="GroupCommit{TTransaction}"/>); a write that PostgreSQL aborts for a conflict with another transaction is run again whole.
/// </summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    // A conflict resolves on the next attempt (the other writer has committed by then); the bound only stops a livelock.
    private const int MaxAttempts = 10;
    private const string DatabaseName = "postgresql";

    private readonly NpgsqlDataSource _dataSource;

    // The audited writes of this node: they all take the log's one lock anyway, so they take it once per group.
    private readonly GroupCommit<PostgresGroupTransaction> _writes;

    private PostgresDatabase(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
        _writes = new GroupCommit<PostgresGroupTransaction>(BeginGroupAsync, e => e is PostgresException conflict && IsConflict(conflict), MaxAttempts);
    }

    /// <summary>Connects and brings the schema up to date (<see cref="PostgresMigrations"/>).</summary>
    public static async Task<PostgresDatabase> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            // The stores run a few dozen distinct statements over and over: prepared once per pooled connection, they skip parsing and planning.
            builder.ConnectionStringBuilder.MaxAutoPrepare = 128;
        }

        var dataSource = builder.Build();
        try
        {
            await PostgresMigrations.ApplyAsync(dataSource, cancellationToken);
            return new PostgresDatabase(dataSource);
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one READ COMMITTED transaction, committing when it returns. A write that carries the
    /// request's <see cref="TransactionAudit"/> record joins this node's next group (<see cref="GroupCommit{TTransaction}"/>):
    /// the writes queued meanwhile run in one transaction that appends their records at its end, under one take of the
    /// log's lock, and commits once. A transaction runs again when it fails on a serialization failure, a deadlock, or an
    /// object name another transaction took meanwhile (so the next attempt sees that object and answers as if it had come second).
    /// </summary>
    /// <exception cref="AuditUnavailableException">The audit record could not be appended: the write was rolled back.</exception>
    public async Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        using var call = CofferMetrics.StoreCall(DatabaseName, "write");
        return TransactionAudit.Claim() is { } audit
            ? await _writes.WriteAsync(write => work(write.Connection, write.Transaction), audit, cancellationToken)
            : await WriteUnauditedAsync(work, cancellationToken);
    }

    /// <summary>Appends audit entries with this node's next group of writes; returns once they are committed.</summary>
    public Task AppendAuditAsync(IReadOnlyList<SealableEntry> entries, CancellationToken cancellationToken) =>
        _writes.AppendAsync(entries, cancellationToken);

    // A write without a record takes no turn on the log's lock, so it runs on its own, beside the groups.
    private async Task<T> WriteUnauditedAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
            try
            {
                var result = await work(connection, transaction);
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (PostgresException e) when (attempt < MaxAttempts && IsConflict(e))
            {
                // Disposing the transaction rolls it back.
            }
        }
    }

    private async Task<PostgresGroupTransaction> BeginGroupAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            return new PostgresGroupTransaction(connection, await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> on a pooled connection; each statement reads a snapshot of its own.</summary>
    public async Task<T> ReadAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        using var call = CofferMetrics.StoreCall(DatabaseName, "read");
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await work(connection);
    }

    /// <summary>Runs <paramref name="work"/> in one REPEATABLE READ transaction: every statement reads the same snapshot.</summary>
    public async Task<T> ReadSnapshotAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        using var call = CofferMetrics.StoreCall(DatabaseName, "read");
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>A pooled connection the caller disposes (for a read that streams).</summary>
    public ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken) => _dataSource.OpenConnectionAsync(cancellationToken);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static bool IsConflict(PostgresException e) =>
        e.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected
        || (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == PostgresMigrations.ObjectNameUnique);
}
