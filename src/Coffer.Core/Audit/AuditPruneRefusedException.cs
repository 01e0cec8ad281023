namespace Coffer.Core.Audit;

/// <summary>A prune that would remove entries no recorded export holds, or that names no stored entry: nothing was removed.</summary>
public sealed class AuditPruneRefusedException(string message) : Exception(message);
