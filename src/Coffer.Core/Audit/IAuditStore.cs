namespace Coffer.Core.Audit;

/// <summary>
/// The append-only audit log. There is no update: entries are appended in order, in batches (one transaction each) or
/// with the write they record (<see cref="TransactionAudit"/>), and read back by sequence. The only way out is
/// <see cref="PruneAsync"/>, of entries already exported, behind an anchor; the database refuses any other delete.
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
    Task AppendAsync(IReadOnlyList<AuditEntry> entries, AuditChain chain, CancellationToken cancellationToken) =>
        AppendAsync(entries, chain, null, cancellationToken);

    /// <summary>As <see cref="AppendAsync(IReadOnlyList{AuditEntry}, AuditChain, CancellationToken)"/>, writing the sealed entries to <paramref name="sink"/> before they commit.</summary>
    Task AppendAsync(IReadOnlyList<AuditEntry> entries, AuditChain chain, IAuditSink? sink, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="count"/> records with sequence ≥ <paramref name="fromSequence"/>, in order.</summary>
    Task<IReadOnlyList<AuditRecord>> ReadAsync(long fromSequence, int count, CancellationToken cancellationToken);

    /// <summary>The last <paramref name="count"/> records, oldest first.</summary>
    Task<IReadOnlyList<AuditRecord>> TailAsync(int count, CancellationToken cancellationToken);

    /// <summary>The last pruned entry the stored chain continues from; null when nothing was ever pruned.</summary>
    Task<AuditAnchor?> AnchorAsync(CancellationToken cancellationToken);

    /// <summary>Records that <paramref name="segment"/> was written out, so a prune may remove its entries.</summary>
    Task RecordExportAsync(AuditExport segment, CancellationToken cancellationToken);

    /// <summary>The exports recorded, oldest first.</summary>
    Task<IReadOnlyList<AuditExport>> ExportsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Removes every entry up to and including <paramref name="through"/>, in one transaction under the log's lock: checks
    /// that recorded exports hold every one of them, moves the anchor to entry <paramref name="through"/>, deletes through
    /// the database's prune guard, and appends the prune's own entry (<see cref="AuditPruneEntry"/>, made by
    /// <paramref name="pruneEntry"/> from the new anchor) sealed after the last stored record, and written to <paramref name="sink"/> before the commit. Then gives the space back
    /// as the provider can. Returns how many entries were removed.
    /// </summary>
    /// <exception cref="AuditPruneRefusedException">An entry in the range is not exported, or <paramref name="through"/> is no stored entry; nothing changed.</exception>
    Task<long> PruneAsync(long through, Func<AuditAnchor, AuditEntry> pruneEntry, AuditChain chain, IAuditSink? sink, CancellationToken cancellationToken);
}
