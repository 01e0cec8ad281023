using Coffer.Core.Management;

namespace Coffer.Server.Vaults;

/// <summary>
/// Hears the vault changes every node sharing the database commits (<see cref="IVaultChangeFeed"/>) and lets this node's
/// caches go of them. When the feed's connection is lost, every cached vault is dropped (changes may be missed until it is
/// back) and it listens again a second later; a failing feed is logged once until it recovers.
/// </summary>
internal sealed class VaultChangeListener(IVaultChangeFeed feed, IVaultChangeObserver observer, ILogger<VaultChangeListener> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await feed.ListenAsync(new Recovering(observer, () => failing = false), stoppingToken);
                return; // a feed with nothing to hear
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                observer.AllVaultsChanged();
                if (!failing)
                {
                    logger.LogWarning("Lost the vault change feed ({Failure}); cached vaults are dropped and it listens again.", e.Message);
                    failing = true;
                }

                await Task.Delay(RetryAfter, stoppingToken);
            }
        }
    }

    /// <summary>Passes changes on; the feed's first <see cref="AllVaultsChanged"/> means it listens again.</summary>
    private sealed class Recovering(IVaultChangeObserver inner, Action listening) : IVaultChangeObserver
    {
        public void VaultChanged(string vault) => inner.VaultChanged(vault);

        public void KeyChanged(string vault, string name) => inner.KeyChanged(vault, name);

        public void AllVaultsChanged()
        {
            listening();
            inner.AllVaultsChanged();
        }
    }
}
