namespace Coffer.Core.Storage.Transfer;

/// <summary>
/// A whole database as rows, out of one provider and into another (<c>coffer migrate</c>): sealed values stay sealed,
/// ids, sequences and hashes are copied as they are, so the same root key opens the copy and the audit chain still verifies.
/// </summary>
public interface IStorageTransfer
{
    /// <summary>
    /// Every row, from one read snapshot: table after table in <see cref="StorageTable"/> order (the order their
    /// references need), each table in key order, streamed (nothing is held but the row at hand).
    /// </summary>
    IAsyncEnumerable<StorageRow> ExportAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="rows"/>, in the order <see cref="ExportAsync"/> gives them, into this database in one
    /// transaction: all of them or — when anything fails, the source included — none. Later writes continue after
    /// the copied ids. Returns how many rows were written.
    /// </summary>
    /// <exception cref="StorageNotEmptyException">The database holds something already; nothing was read or written.</exception>
    Task<long> ImportAsync(IAsyncEnumerable<StorageRow> rows, CancellationToken cancellationToken);
}
