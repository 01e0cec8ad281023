using System.Collections.Concurrent;
using Coffer.Core.Audit;
using Coffer.Core.Diagnostics;
using Coffer.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Coffer.Storage.Sqlite;

/// <summary>
/// The SQLite file: one writer connection and a pool of reader connections, each kept open with its
/// settings (WAL, foreign keys, busy timeout) and its <see cref="StatementCache"/>, so a request parses no
/// SQL; brings the schema up to date once, at start.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    private const string DatabaseName = "sqlite";
    private readonly string _connectionString;

    // SQLite has one writer; queueing here is cheaper than SQLite's busy handler, which sleeps 1-100 ms
    // per retry (measured: max set latency 234-534 ms without a queue, 44-99 ms with one, 16 clients).
    // SQLite's one writer meets no conflict of another writer: nothing is run again for one.
    private readonly GroupCommit<SqliteGroupTransaction> _writes;
    private SqliteConnection? _writeConnection;

    private readonly ConcurrentQueue<SqliteConnection> _idleReaders = new();
    private readonly int _maxIdleReaders = Math.Max(8, 4 * Environment.ProcessorCount);
    private int _idleReaderCount;
    private volatile bool _disposed;

    private SqliteDatabase(string connectionString)
    {
        _connectionString = connectionString;
        _writes = new GroupCommit<SqliteGroupTransaction>(BeginWriteAsync, isConflict: _ => false, maxAttempts: 1);
    }

    public static async Task<SqliteDatabase> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false, // this type keeps its connections open itself, with their prepared statements
            DefaultTimeout = 30,
        };
        var database = new SqliteDatabase(builder.ToString());
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (var wal = connection.Command("PRAGMA journal_mode = WAL;", null))
        {
            await wal.ExecuteNonQueryAsync(cancellationToken); // persistent: once per file, not per connection
        }

        await SqliteMigrations.ApplyAsync(connection, cancellationToken);
        return database;
    }

    /// <summary>A new connection with the database's settings, outside the pool and without a statement cache; the caller disposes it.</summary>
    public async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragma = connection.CreateCommand();
            // journal_size_limit: under steady load readers keep the WAL from resetting; truncate it after checkpoints.
            pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000; PRAGMA journal_size_limit = 67108864;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction (BEGIN IMMEDIATE) that it may share with the writes queued
    /// meanwhile (<see cref="GroupCommit{TTransaction}"/>), with the request's <see cref="TransactionAudit"/> record
    /// appended at the end; returns once that transaction has committed.
    /// </summary>
    /// <exception cref="AuditUnavailableException">The audit record could not be appended: the write was rolled back.</exception>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        using var call = CofferMetrics.StoreCall(DatabaseName, "write");
        return await _writes.WriteAsync(write => work(write.Connection, write.Transaction), TransactionAudit.Claim(), cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> in a write transaction of its own: for a write that cannot run twice.</summary>
    public Task<T> WriteAloneAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        _writes.WriteAloneAsync(write => work(write.Connection, write.Transaction), cancellationToken);

    /// <summary>Appends audit entries with the next group of writes; returns once they are committed.</summary>
    internal Task AppendAuditAsync(IReadOnlyList<SealableEntry> entries, CancellationToken cancellationToken) =>
        _writes.AppendAsync(entries, cancellationToken);

    private async Task<SqliteGroupTransaction> BeginWriteAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = _writeConnection ??= await OpenCachedAsync(cancellationToken);
        return new SqliteGroupTransaction(connection, connection.BeginTransaction(deferred: false), DropWriteConnectionAsync);
    }

    // Rolled back; a connection that failed mid-statement is not worth trusting with the next write.
    private async ValueTask DropWriteConnectionAsync()
    {
        if (_writeConnection is { } connection)
        {
            _writeConnection = null;
            await connection.DisposeAsync();
        }
    }

    /// <summary>Runs <paramref name="work"/> on a pooled reader connection, outside any explicit transaction unless it opens one.</summary>
    public async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        using var call = CofferMetrics.StoreCall(DatabaseName, "read");
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = TakeReader() ?? await OpenCachedAsync(cancellationToken);
        T result;
        try
        {
            result = await work(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await ReturnReaderAsync(connection);
        return result;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        CloseIdleReaders();
        _writes.TryRunExclusive(() => // a group under way finishes first; later writes find the database disposed
        {
            _writeConnection?.Dispose();
            _writeConnection = null;
        }, TimeSpan.FromSeconds(30));
    }

    private async Task<SqliteConnection> OpenCachedAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(cancellationToken);
        StatementCache.Attach(connection);
        return connection;
    }

    private SqliteConnection? TakeReader()
    {
        if (_idleReaders.TryDequeue(out var connection))
        {
            Interlocked.Decrement(ref _idleReaderCount);
            return connection;
        }

        return null;
    }

    private async ValueTask ReturnReaderAsync(SqliteConnection connection)
    {
        if (Interlocked.Increment(ref _idleReaderCount) <= _maxIdleReaders && !_disposed)
        {
            _idleReaders.Enqueue(connection);
            if (_disposed)
            {
                CloseIdleReaders(); // Dispose ran meanwhile
            }

            return;
        }

        Interlocked.Decrement(ref _idleReaderCount);
        await connection.DisposeAsync();
    }

    private void CloseIdleReaders()
    {
        while (TakeReader() is { } reader)
        {
            reader.Dispose();
        }
    }
}
