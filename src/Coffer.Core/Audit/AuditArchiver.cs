namespace Coffer.Core.Audit;

/// <summary>
/// Export and prune, the two steps that keep the log from filling the disk (<c>coffer audit export|prune</c> and the
/// retention job): a stretch of entries is written to a segment file and recorded as exported, and only then may a prune
/// remove it behind an anchor.
/// </summary>
public sealed class AuditArchiver(IAuditStore store, AuditChain chain, TimeProvider time, IAuditSink? sink = null)
{
    private const int PageSize = 10_000;

    /// <summary>Writes the entries within <paramref name="bound"/> to <paramref name="path"/> and records the export; null when there were none.</summary>
    /// <exception cref="AuditChainBrokenException">The stored chain is broken within the range: nothing was written or recorded.</exception>
    public Task<AuditExport?> ExportAsync(AuditBound bound, string path, CancellationToken cancellationToken) =>
        ExportAsync(bound, Path.GetDirectoryName(Path.GetFullPath(path))!, (_, _) => Path.GetFileName(path), cancellationToken);

    /// <summary>As <see cref="ExportAsync(AuditBound, string, CancellationToken)"/>, to a file in <paramref name="directory"/> named by the range it holds.</summary>
    public async Task<AuditExport?> ExportAsync(AuditBound bound, string directory, Func<long, long, string> fileName, CancellationToken cancellationToken)
    {
        var export = await AuditSegmentFile.ExportAsync(store, chain, bound, directory, fileName, time.GetUtcNow(), cancellationToken);
        if (export is not null)
        {
            await store.RecordExportAsync(export, cancellationToken);
        }

        return export;
    }

    /// <summary>The last stored entry within <paramref name="bound"/>; null when none is.</summary>
    public async Task<long?> LastWithinAsync(AuditBound bound, CancellationToken cancellationToken)
    {
        long? last = null;
        var from = (await store.AnchorAsync(cancellationToken) ?? AuditAnchor.Start).Sequence + 1;
        while (true)
        {
            var page = await store.ReadAsync(from, PageSize, cancellationToken);
            var within = page.TakeWhile(bound.Includes).ToList();
            if (within.Count > 0)
            {
                last = within[^1].Sequence;
            }

            if (within.Count < page.Count || page.Count < PageSize)
            {
                return last;
            }

            from = last!.Value + 1;
        }
    }

    /// <summary>
    /// Prunes the entries within <paramref name="bound"/> (all of them exported, or none is removed), appending the prune's
    /// own entry in <paramref name="actor"/>'s and <paramref name="application"/>'s name. Returns the new anchor's sequence
    /// and how many entries went, or null when no entry is within the bound.
    /// </summary>
    /// <exception cref="AuditPruneRefusedException">Some entry within the bound is not exported: nothing was removed.</exception>
    public async Task<(long Through, long Removed)?> PruneAsync(AuditBound bound, string? actor, string application, CancellationToken cancellationToken)
    {
        if (await LastWithinAsync(bound, cancellationToken) is not { } through)
        {
            return null;
        }

        var removed = await store.PruneAsync(through, anchor => AuditPruneEntry.Create(anchor, time.GetUtcNow(), actor, application), chain, sink,
            cancellationToken);
        return (through, removed);
    }
}
