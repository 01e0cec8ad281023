using Coffer.Core.Audit;

namespace Coffer.Core.Storage;

/// <summary>
/// One database transaction of a <see cref="GroupCommit{TTransaction}"/>: the writes of a group run in it, then their
/// audit entries are appended, then it commits. Disposing it before <see cref="CommitAsync"/> rolls it back.
/// </summary>
public interface IGroupTransaction : IAsyncDisposable
{
    /// <summary>Seals <paramref name="entries"/> into the chain after the last stored record, under the log's lock, in this transaction; returns them sealed, in order.</summary>
    Task<IReadOnlyList<AuditRecord>> AppendAuditAsync(IReadOnlyList<SealableEntry> entries, CancellationToken cancellationToken);

    Task CommitAsync(CancellationToken cancellationToken);
}

/// <summary>An audit entry waiting to be sealed into the log by the chain of the node that recorded it, and then written to that node's <paramref name="Sink"/>.</summary>
public readonly record struct SealableEntry(AuditEntry Entry, AuditChain Chain, IAuditSink? Sink = null);
