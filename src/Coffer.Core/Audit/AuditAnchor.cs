namespace Coffer.Core.Audit;

/// <summary>
/// Where the chain stored in a database starts: the sequence and hash of the last entry removed by a prune
/// (<see cref="IAuditStore.PruneAsync"/>), or sequence 0 and the genesis hash when nothing was ever pruned.
/// The next stored entry is sealed after it, so verifying from the anchor still catches any later edit, insert or removal.
/// </summary>
public sealed record AuditAnchor(long Sequence, byte[] Hash)
{
    public static AuditAnchor Start { get; } = new(0, AuditChain.Genesis);

    public bool IsStart => Sequence == 0;

    public bool Equals(AuditAnchor? other) => other is not null && other.Sequence == Sequence && other.Hash.AsSpan().SequenceEqual(Hash);

    public override int GetHashCode() => HashCode.Combine(Sequence, BitConverter.ToInt32(Hash));
}
