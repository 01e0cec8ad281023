using Coffer.Core.Crypto;

namespace Coffer.Server.Hosting;

/// <summary>
/// Every node re-reads the keyring every <see cref="Interval"/>, so a data key <c>coffer keyring rotate</c> added is loaded
/// well before its activation time. Keys this node already holds are kept as unwrapped; a new key its root key does not
/// open (the root key was rotated since this node started) is tried again with the data directory's root key file, which
/// the rotation swapped. Until then the node keeps sealing under the keys it holds, which every node reads.
/// </summary>
internal sealed class KeyringRefresh(Keyring keyring, RootKey rootKey, CofferOptions options, TimeProvider time, ILogger<KeyringRefresh> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private RootKey _rootKey = rootKey;
    private bool _warned;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Could not re-read the keyring ({Failure}); will retry.", e.Message);
            }
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var unopened = await keyring.RefreshAsync(_rootKey, cancellationToken);
        if (unopened.Count > 0 && RootKeySource.ReadFile(options) is { } fromFile && fromFile.ToBase64() != _rootKey.ToBase64())
        {
            _rootKey = fromFile;
            unopened = await keyring.RefreshAsync(_rootKey, cancellationToken);
        }

        if (unopened.Count > 0 && !_warned)
        {
            logger.LogWarning(
                "This node's root key does not open keyring key(s) {Keys}: the root key was rotated. Restart this node with the new root key; until then it seals under the keys it holds.",
                string.Join(", ", unopened));
        }

        _warned = unopened.Count > 0;
    }
}
