namespace Coffer.Core.Audit;

/// <summary>
/// Walks the log in pages, checking the chain from the anchor (the last pruned entry, or the start) to the last entry,
/// and that the anchor is the one the last prune entry after it names (<see cref="AuditPruneEntry"/>).
/// </summary>
public sealed class AuditVerifier(IAuditStore store, AuditChain chain)
{
    private const int PageSize = 10_000;

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var anchor = await store.AnchorAsync(cancellationToken) ?? AuditAnchor.Start;
        var start = anchor;
        AuditRecord? previous = null;
        AuditAnchor? lastPruneNamed = null;
        var checkedCount = 0L;
        while (true)
        {
            var page = await store.ReadAsync(start.Sequence + 1, PageSize, cancellationToken);
            if (page.Count == 0)
            {
                return new AuditVerification(checkedCount, null, previous, anchor, AnchorProblem(anchor, lastPruneNamed));
            }

            if (chain.FirstBrokenAfter(page, start) is { } broken)
            {
                return new AuditVerification(checkedCount + (broken - start.Sequence - 1), broken, previous, anchor);
            }

            foreach (var record in page)
            {
                lastPruneNamed = AuditPruneEntry.AnchorOf(record.Entry) ?? lastPruneNamed;
            }

            checkedCount += page.Count;
            previous = page[^1];
            start = new AuditAnchor(previous.Sequence, previous.Hash);
        }
    }

    private static string? AnchorProblem(AuditAnchor anchor, AuditAnchor? lastPruneNamed)
    {
        if (anchor.IsStart)
        {
            return null;
        }

        if (lastPruneNamed is null)
        {
            return $"the log starts after entry {anchor.Sequence}, but no prune entry in it names that anchor: entries were removed outside a prune";
        }

        return lastPruneNamed == anchor
            ? null
            : $"the log starts after entry {anchor.Sequence}, but the last prune entry names entry {lastPruneNamed.Sequence} as its anchor: the anchor was moved outside a prune";
    }
}
