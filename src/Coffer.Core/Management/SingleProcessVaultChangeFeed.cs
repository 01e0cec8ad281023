namespace Coffer.Core.Management;

/// <summary>The change feed of a database only one process uses (embedded SQLite): its own changes reach its caches directly, so there is nothing to hear.</summary>
public sealed class SingleProcessVaultChangeFeed : IVaultChangeFeed
{
    public Task ListenAsync(IVaultChangeObserver observer, CancellationToken cancellationToken) => Task.CompletedTask;
}
