namespace Coffer.Core.Audit;

/// <summary>The rule a prune checks, alike on every provider: only entries after the anchor that recorded exports hold, without a gap.</summary>
public static class AuditPruneRange
{
    /// <summary>The last entry that exports hold without a gap from the one after <paramref name="anchor"/>.</summary>
    public static long ExportedThrough(AuditAnchor anchor, IEnumerable<AuditExport> exports)
    {
        var through = anchor.Sequence;
        foreach (var export in exports.OrderBy(e => e.FirstSequence))
        {
            if (export.FirstSequence > through + 1)
            {
                break;
            }

            through = Math.Max(through, export.LastSequence);
        }

        return through;
    }

    /// <exception cref="AuditPruneRefusedException">Some entry up to <paramref name="through"/> is not exported, or none is left to prune.</exception>
    public static void Check(long through, AuditAnchor anchor, IEnumerable<AuditExport> exports)
    {
        if (through <= anchor.Sequence)
        {
            throw new AuditPruneRefusedException($"Entries up to {anchor.Sequence} are already pruned; nothing to prune through {through}.");
        }

        var exported = ExportedThrough(anchor, exports);
        if (through > exported)
        {
            throw new AuditPruneRefusedException(
                $"Entries {exported + 1} to {through} are not exported: export them first (coffer audit export), then prune.");
        }
    }
}
