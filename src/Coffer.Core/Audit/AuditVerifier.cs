namespace Coffer.Core.Audit;

/// <summary>Walks the whole log in pages, checking the chain from the first entry to the last.</summary>
public sealed class AuditVerifier(IAuditStore store, AuditChain chain)
{
    private const int PageSize = 10_000;

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        AuditRecord? previous = null;
        var checkedCount = 0L;
        while (true)
        {
            var page = await store.ReadAsync((previous?.Sequence ?? 0) + 1, PageSize, cancellationToken);
            if (page.Count == 0)
            {
                return new AuditVerification(checkedCount, null, previous);
            }

            if (chain.FirstBroken(page, previous) is { } broken)
            {
                return new AuditVerification(checkedCount + (broken - (previous?.Sequence ?? 0) - 1), broken, previous);
            }

            checkedCount += page.Count;
            previous = page[^1];
        }
    }
}
