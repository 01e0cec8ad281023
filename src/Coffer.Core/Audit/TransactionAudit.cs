namespace Coffer.Core.Audit;

/// <summary>
/// The audit record of a write request under way, committed by a store in the request's first write transaction:
/// the effect and its record land together or not at all. The request's auditor sets it (ambient, per async flow)
/// before the endpoint runs; a store's write path claims it, appends <see cref="CreateEntry"/> sealed by
/// <see cref="Chain"/> before committing, and then marks it committed (or releases it when the transaction rolls back).
/// </summary>
public sealed class TransactionAudit(Func<AuditEntry> entry, AuditChain chain, IAuditSink? sink = null)
{
    private const int Open = 0, Claimed = 1, Committed = 2;

    private static readonly AsyncLocal<TransactionAudit?> Ambient = new();
    private int _state;

    public AuditChain Chain { get; } = chain;

    /// <summary>Where the record also goes once sealed, before the transaction commits.</summary>
    public IAuditSink? Sink { get; } = sink;

    public bool IsCommitted => Volatile.Read(ref _state) == Committed;

    /// <summary>Makes <paramref name="audit"/> the record of the writes that follow in this async flow.</summary>
    public static void Begin(TransactionAudit audit) => Ambient.Value = audit;

    /// <summary>The open record of this async flow, claimed for one transaction; null when there is none or another write took it.</summary>
    public static TransactionAudit? Claim() =>
        Ambient.Value is { } audit && Interlocked.CompareExchange(ref audit._state, Claimed, Open) == Open ? audit : null;

    /// <summary>The entry as of now: what the request learned by the time its write commits (caller, object name).</summary>
    public AuditEntry CreateEntry() => entry();

    public void MarkCommitted() => Volatile.Write(ref _state, Committed);

    /// <summary>The claiming transaction rolled back: a later write of the request may carry the record.</summary>
    public void Release() => Interlocked.CompareExchange(ref _state, Open, Claimed);
}
