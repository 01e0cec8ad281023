using System.Globalization;

namespace Coffer.Core.Audit;

/// <summary>
/// The entry a prune appends, in the prune's own transaction, right after moving the anchor: it names the new anchor
/// (its sequence as the object name, its hash as the object version), sealed into the chain. The anchor row alone could
/// be rewritten by anyone who can write the database; this entry cannot be without the chain key, so
/// <see cref="AuditVerifier"/> accepts an anchor only when the last prune entry after it names it.
/// </summary>
public static class AuditPruneEntry
{
    public const string Operation = "AuditPrune";

    public const string ObjectKind = "audit";

    public static AuditEntry Create(AuditAnchor anchor, DateTimeOffset time, string? actor, string application) =>
        new(time, actor, application, null, null, Operation, ObjectKind, anchor.Sequence.ToString(CultureInfo.InvariantCulture),
            Convert.ToHexStringLower(anchor.Hash), 200, Guid.NewGuid().ToString(), null, null);

    /// <summary>The anchor a prune entry names; null for any other entry.</summary>
    public static AuditAnchor? AnchorOf(AuditEntry entry)
    {
        if (entry.Operation != Operation || entry.ObjectKind != ObjectKind
            || !long.TryParse(entry.ObjectName, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || entry.ObjectVersion is not { Length: 64 } hash)
        {
            return null;
        }

        try
        {
            return new AuditAnchor(sequence, Convert.FromHexString(hash));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
