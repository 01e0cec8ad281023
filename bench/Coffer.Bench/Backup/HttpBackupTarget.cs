using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Text.Json;
using Coffer.Bench.Load;

namespace Coffer.Bench.Backup;

/// <summary>
/// Backup and restore of one kind through plain HttpClients: <c>POST {vault}/{kind}/{name}/backup</c>
/// with no body, read as <c>{"value"}</c>; <c>POST {vault}/{kind}/restore</c> with <c>{"value"}</c>, the
/// answer parsed. The same requests go to Coffer (coffer-http) and to the floor.
/// </summary>
internal sealed class HttpBackupTarget
{
    private readonly VaultHttpClients _clients;
    private readonly Func<string, Uri> _vaultUrl;
    private readonly string _collection;
    private readonly Uri[] _backupUrls;
    private readonly byte[][] _restoreBodies;
    private readonly RestoreVaults _restoreVaults;
    private readonly ConcurrentDictionary<string, Uri> _restoreUrls = new();
    private readonly Func<int, int, int> _pick;

    /// <param name="blobs">Blob i restores object i; each becomes a <c>{"value"}</c> body once, here.</param>
    public HttpBackupTarget(VaultHttpClients clients, Func<string, Uri> vaultUrl, string vault, string collection,
        Func<int, string> name, byte[][] blobs, RestoreVaults restoreVaults, Func<int, int, int> pick)
    {
        _clients = clients;
        _vaultUrl = vaultUrl;
        _collection = collection;
        _backupUrls = [.. Enumerable.Range(0, blobs.Length).Select(i => VaultHttpClients.Url(vaultUrl(vault), $"{collection}/{name(i)}/backup"))];
        _restoreBodies = [.. blobs.Select(blob => JsonSerializer.SerializeToUtf8Bytes(new BackupValue(Base64Url.EncodeToString(blob)), BackupJsonContext.Default.BackupValue))];
        _restoreVaults = restoreVaults;
        _pick = pick;
    }

    public Task BackupAsync(int client, int seq, CancellationToken cancellationToken) =>
        _clients.PostAsync(client, _backupUrls[_pick(client, seq)], null, BackupJsonContext.Default.BackupValue, cancellationToken);

    public async Task RestoreAsync(int client, int seq, CancellationToken cancellationToken)
    {
        var (vault, blob) = await _restoreVaults.NextAsync(cancellationToken);
        var url = _restoreUrls.GetOrAdd(vault, v => VaultHttpClients.Url(_vaultUrl(v), $"{_collection}/restore"));
        using var _ = await _clients.PostAsync(client, url, _restoreBodies[blob], cancellationToken);
    }

    /// <summary>Warm-up: backup and restore in turn.</summary>
    public Task EitherAsync(int client, int seq, CancellationToken cancellationToken) =>
        seq % 2 == 0 ? BackupAsync(client, seq, cancellationToken) : RestoreAsync(client, seq, cancellationToken);
}
