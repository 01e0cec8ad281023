using Coffer.Core.Audit;
using Coffer.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Coffer.Storage.Sqlite;

/// <summary>A write transaction on the one writer connection, for a group of writes; a rollback also drops the connection.</summary>
internal sealed class SqliteGroupTransaction(SqliteConnection connection, SqliteTransaction transaction, Func<ValueTask> dropConnection) : IGroupTransaction
{
    private bool _committed;

    public SqliteConnection Connection => connection;

    public SqliteTransaction Transaction => transaction;

    public Task<IReadOnlyList<AuditRecord>> AppendAuditAsync(IReadOnlyList<SealableEntry> entries, CancellationToken cancellationToken) =>
        SqliteAuditStore.AppendAsync(connection, transaction, entries, cancellationToken);

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await transaction.CommitAsync(cancellationToken);
        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await transaction.DisposeAsync();
        }
        finally
        {
            if (!_committed)
            {
                await dropConnection();
            }
        }
    }
}
