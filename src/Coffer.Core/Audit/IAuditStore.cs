namespace Coffer.Core.Audit;

/// <summary>
/// The append-only audit log. There is no update or delete: entries are appended in order, in batches
/// (one transaction each), and read back by sequence.
/// </summary>
public interface IAuditStore
{
    /// <summary>The last stored record, or null for an empty log; the chain continues from it.</summary>
    Task<AuditRecord?> LastAsync(CancellationToken cancellationToken);

    /// <summary>Appends <paramref name="records"/> (consecutive sequences after the last) in one transaction.</summary>
    Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="count"/> records with sequence ≥ <paramref name="fromSequence"/>, in order.</summary>
    Task<IReadOnlyList<AuditRecord>> ReadAsync(long fromSequence, int count, CancellationToken cancellationToken);

    /// <summary>The last <paramref name="count"/> records, oldest first.</summary>
    Task<IReadOnlyList<AuditRecord>> TailAsync(int count, CancellationToken cancellationToken);
}
