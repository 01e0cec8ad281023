using Coffer.Core.Audit;
using Coffer.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Coffer.Server.Tests;

/// <summary>The server's real audit store, made to fail appends on demand (a full disk, a lost database).</summary>
internal sealed class SwitchableAuditStore : IAuditStore
{
    private IAuditStore _inner = null!;

    public bool Failing { get; set; }

    public IAuditStore Wrap(IServiceProvider provider)
    {
        _inner = provider.GetRequiredService<ICofferStorage>().Audit;
        return this;
    }

    public Task<AuditRecord?> LastAsync(CancellationToken cancellationToken) => _inner.LastAsync(cancellationToken);

    public Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken) =>
        Failing ? throw new IOException("disk full") : _inner.AppendAsync(records, cancellationToken);

    public Task<IReadOnlyList<AuditRecord>> ReadAsync(long fromSequence, int count, CancellationToken cancellationToken) =>
        _inner.ReadAsync(fromSequence, count, cancellationToken);

    public Task<IReadOnlyList<AuditRecord>> TailAsync(int count, CancellationToken cancellationToken) => _inner.TailAsync(count, cancellationToken);
}
