using Coffer.Core.Audit;

namespace Coffer.Server.Audit.Sinks;

/// <summary>One place audit lines go (a file, a syslog server); <see cref="AuditSinks"/> decides what its failure means.</summary>
internal interface IAuditDevice : IAsyncDisposable
{
    string Name { get; }

    Task WriteAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken);
}
