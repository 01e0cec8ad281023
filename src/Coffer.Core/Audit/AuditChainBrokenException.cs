namespace Coffer.Core.Audit;

/// <summary>The stored chain is broken at <see cref="Sequence"/>: that entry was edited, inserted or removed.</summary>
public sealed class AuditChainBrokenException(long sequence)
    : Exception($"The audit log is broken at entry {sequence}: it was edited, inserted or removed. Nothing was exported.")
{
    public long Sequence { get; } = sequence;
}
