using System.Globalization;

namespace Coffer.Core.Audit;

/// <summary>
/// The retention policy, one run of it: the entries older than <paramref name="retention"/> are exported to an archive in
/// <paramref name="archiveDirectory"/> named by their sequence range (<c>audit-{first}-{last}.jsonl</c>, written
/// atomically), and then pruned behind an anchor, so the table holds about <paramref name="retention"/> of entries while
/// the archives, each verifiable offline, accumulate. Idempotent: a run after a failed one exports again from the anchor.
/// </summary>
public sealed class AuditRetention(IAuditStore store, AuditChain chain, TimeProvider time, TimeSpan retention, string archiveDirectory, IAuditSink? sink = null)
{
    public const string Application = "coffer audit retention";

    public static string ArchiveName(long first, long last) =>
        string.Create(CultureInfo.InvariantCulture, $"audit-{first:D12}-{last:D12}.jsonl");

    /// <summary>Exports and prunes what is due; returns the archive written, or null when nothing was due.</summary>
    public async Task<AuditExport?> RunOnceAsync(CancellationToken cancellationToken)
    {
        var archiver = new AuditArchiver(store, chain, time, sink);
        var export = await archiver.ExportAsync(AuditBound.Time(time.GetUtcNow() - retention), archiveDirectory, ArchiveName, cancellationToken);
        if (export is not null)
        {
            await archiver.PruneAsync(AuditBound.Sequence(export.LastSequence + 1), null, Application, cancellationToken);
        }

        return export;
    }
}
