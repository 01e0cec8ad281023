namespace Coffer.Core.Audit;

/// <summary>
/// Somewhere besides the database that every stored entry also goes (a file, syslog): written with the entries of a
/// group, after they are sealed and before the group commits, so a sink that must not miss an entry can fail the group.
/// </summary>
public interface IAuditSink
{
    /// <summary>Writes <paramref name="records"/>; throws only when an entry must not be stored without it (a required sink failed).</summary>
    Task WriteAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken);
}
