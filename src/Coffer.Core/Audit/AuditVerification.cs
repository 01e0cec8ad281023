namespace Coffer.Core.Audit;

/// <summary>
/// The outcome of checking the chain: where it started (the anchor), how many entries held, the first sequence that does
/// not (null when intact), the last good record, and — when the chain held but the anchor is not the one the last prune
/// recorded — why.
/// </summary>
public sealed record AuditVerification(long Intact, long? FirstBroken, AuditRecord? LastIntact, AuditAnchor Anchor, string? AnchorProblem = null)
{
    public bool IsIntact => FirstBroken is null && AnchorProblem is null;
}
