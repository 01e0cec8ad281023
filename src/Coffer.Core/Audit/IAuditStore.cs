namespace Coffer.Core.Audit;

/// <summary>
/// The append-only audit log. There is no update or delete: entries are appended in order, in batches
/// (one transaction each) or with the write they record (<see cref="TransactionAudit"/>), and read back by sequence.
/// </summary>
public interface IAuditStore
{
    /// <summary>The last stored record, or null for an empty log; the chain continues from it.</summary>
    Task<AuditRecord?> LastAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Seals <paramref name="entries"/> into the chain after the last stored record and appends them, in one transaction
    /// that reads that record under the log's lock (the transaction of this node's next group of writes,
    /// <see cref="Storage.GroupCommit{TTransaction}"/>): the entries of every node that shares the store form one chain, in
    /// one order. Returns once they are committed.
    /// </summary>
    Task AppendAsync(IReadOnlyList<AuditEntry> entries, AuditChain chain, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="count"/> records with sequence ≥ <paramref name="fromSequence"/>, in order.</summary>
    Task<IReadOnlyList<AuditRecord>> ReadAsync(long fromSequence, int count, CancellationToken cancellationToken);

    /// <summary>The last <paramref name="count"/> records, oldest first.</summary>
    Task<IReadOnlyList<AuditRecord>> TailAsync(int count, CancellationToken cancellationToken);
}
