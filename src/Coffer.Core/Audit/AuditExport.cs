namespace Coffer.Core.Audit;

/// <summary>
/// A segment of the log written out (<c>coffer audit export</c>, the retention job), as the database records it:
/// entries <paramref name="FirstSequence"/> to <paramref name="LastSequence"/>, the last one's hash, when and where.
/// A prune removes only entries some recorded export holds.
/// </summary>
public sealed record AuditExport(long FirstSequence, long LastSequence, byte[] LastHash, DateTimeOffset ExportedOn, string Name);
