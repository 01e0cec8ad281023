namespace Coffer.Core.Audit;

/// <summary>The outcome of checking the chain: how many entries held, the first sequence that does not (null when intact), and the last good record.</summary>
public sealed record AuditVerification(long Intact, long? FirstBroken, AuditRecord? LastIntact);
