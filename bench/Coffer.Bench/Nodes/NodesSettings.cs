using Coffer.Bench.Load;

namespace Coffer.Bench.Nodes;

/// <summary>One run of the <c>nodes</c> command: the load options it shares with <c>load</c>, and how PostgreSQL commits.</summary>
internal sealed record NodesSettings(LoadSettings Load, bool SynchronousCommit)
{
    /// <summary>
    /// The bench cluster's settings over the tests' (which turn durability off): fsync and full-page writes on, and
    /// <c>synchronous_commit</c> off unless asked — a commit then does not wait for its WAL flush, as Coffer's SQLite
    /// store (WAL, <c>synchronous = NORMAL</c>) does not wait for an fsync.
    /// </summary>
    public string PostgresSettings => $"-c fsync=on -c full_page_writes=on -c synchronous_commit={(SynchronousCommit ? "on" : "off")}";
}
