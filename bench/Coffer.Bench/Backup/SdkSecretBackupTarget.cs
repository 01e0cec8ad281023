using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Coffer.Bench.Load;

namespace Coffer.Bench.Backup;

/// <summary>
/// Secret backup and restore through the real SecretClient (<c>BackupSecretAsync</c>,
/// <c>RestoreSecretBackupAsync</c>): per load client one transport and credential, and one SecretClient
/// per vault it restores into, made when first needed. Retries off, so a failure is counted.
/// </summary>
internal sealed class SdkSecretBackupTarget : IDisposable
{
    private readonly InProcessCoffer _coffer;
    private readonly HttpClientTransport[] _transports;
    private readonly ClientSecretCredential[] _credentials;
    private readonly Dictionary<string, SecretClient>[] _clients; // each touched only by its load client
    private readonly byte[][] _blobs;
    private readonly RestoreVaults _restoreVaults;
    private readonly Func<int, int, int> _pick;

    public SdkSecretBackupTarget(InProcessCoffer coffer, int clients, byte[][] blobs, RestoreVaults restoreVaults, Func<int, int, int> pick)
    {
        _coffer = coffer;
        _transports = [.. Enumerable.Range(0, clients).Select(_ => new HttpClientTransport(Loopback.CreateHandler(coffer.Server.Authority.Certificate)))];
        _credentials = [.. _transports.Select(coffer.CreateCredential)];
        _clients = [.. Enumerable.Range(0, clients).Select(_ => new Dictionary<string, SecretClient>(StringComparer.OrdinalIgnoreCase))];
        _blobs = blobs;
        _restoreVaults = restoreVaults;
        _pick = pick;
    }

    public Task BackupAsync(int client, int seq, CancellationToken cancellationToken) =>
        For(client, _coffer.Deployment.DefaultVaultName).BackupSecretAsync(BackupObjects.SecretName(_pick(client, seq)), cancellationToken);

    public async Task RestoreAsync(int client, int seq, CancellationToken cancellationToken)
    {
        var (vault, blob) = await _restoreVaults.NextAsync(cancellationToken);
        await For(client, vault).RestoreSecretBackupAsync(_blobs[blob], cancellationToken);
    }

    public Task EitherAsync(int client, int seq, CancellationToken cancellationToken) =>
        seq % 2 == 0 ? BackupAsync(client, seq, cancellationToken) : RestoreAsync(client, seq, cancellationToken);

    /// <summary>Load client <paramref name="client"/>'s SecretClient for <paramref name="vault"/>.</summary>
    public SecretClient For(int client, string vault)
    {
        if (!_clients[client].TryGetValue(vault, out var secrets))
        {
            var options = new SecretClientOptions { Transport = _transports[client] };
            options.Retry.MaxRetries = 0;
            secrets = new SecretClient(_coffer.VaultUrl(vault), _credentials[client], options);
            _clients[client][vault] = secrets;
        }

        return secrets;
    }

    public void Dispose()
    {
        foreach (var transport in _transports)
        {
            transport.Dispose();
        }
    }
}
