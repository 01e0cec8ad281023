using Coffer.Core.Audit;
using Coffer.Core.Storage;
using Npgsql;

namespace Coffer.Storage.Postgres;

/// <summary>A READ COMMITTED transaction on a pooled connection, for a group of audited writes.</summary>
internal sealed class PostgresGroupTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction) : IGroupTransaction
{
    public NpgsqlConnection Connection => connection;

    public NpgsqlTransaction Transaction => transaction;

    private bool _headBehind;

    public async Task<IReadOnlyList<AuditRecord>> AppendAuditAsync(IReadOnlyList<SealableEntry> entries, CancellationToken cancellationToken)
    {
        try
        {
            return await PostgresAuditStore.AppendAsync(connection, transaction, entries, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == PostgresAuditStore.PrimaryKey)
        {
            // A record was appended without moving the head (a node of an older version): this group fails, closed,
            // and the head is set right after the rollback, so the next group continues the chain.
            _headBehind = true;
            throw;
        }
    }

    public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await transaction.DisposeAsync(); // rolls back unless committed
            if (_headBehind)
            {
                await PostgresAuditStore.RealignHeadAsync(connection);
            }
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }
}
