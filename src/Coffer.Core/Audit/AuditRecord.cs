namespace Coffer.Core.Audit;

/// <summary>An entry as stored: its place in the log and the chain hash that seals it and every entry before it.</summary>
public sealed record AuditRecord(long Sequence, AuditEntry Entry, byte[] Hash);
