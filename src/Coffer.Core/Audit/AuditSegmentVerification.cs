namespace Coffer.Core.Audit;

/// <summary>What checking a segment file found: its start, its last good entry, how many entries held, and the first broken sequence with why (null when intact).</summary>
public sealed record AuditSegmentVerification(AuditAnchor? Start, AuditAnchor? Last, long Intact, long? FirstBroken, string? Problem)
{
    public bool IsIntact => FirstBroken is null;

    internal static AuditSegmentVerification Broken(AuditAnchor? start, long intact, long firstBroken, string problem) =>
        new(start, null, intact, firstBroken, problem);
}
