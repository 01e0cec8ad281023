using Coffer.Core.Storage;
using Npgsql;

namespace Coffer.Storage.Postgres;

/// <summary>A READ COMMITTED transaction on a pooled connection, for a group of audited writes.</summary>
internal sealed class PostgresGroupTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction) : IGroupTransaction
{
    public NpgsqlConnection Connection => connection;

    public NpgsqlTransaction Transaction => transaction;

    public Task AppendAuditAsync(IReadOnlyList<SealableEntry> entries, CancellationToken cancellationToken) =>
        PostgresAuditStore.AppendAsync(connection, transaction, entries, cancellationToken);

    public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync(); // rolls back unless committed
        await connection.DisposeAsync();
    }
}
