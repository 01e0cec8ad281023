using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Text.Json;
using Coffer.Bench.Backup;
using Coffer.Bench.Load;
using Coffer.Core;
using Coffer.Core.Backup.Archive;

namespace Coffer.Bench.VaultBackup;

/// <summary>
/// The two ways a client backs up a whole vault into an archive file: Coffer's snapshot endpoint, streamed
/// to the file; or the per-object REST loop any Key Vault allows (list every key and secret, then
/// <c>POST …/backup</c> each, N at a time, each blob added to an archive as it arrives).
/// </summary>
internal sealed class VaultBackupClients(ChildCoffer server, Uri vaultUrl, string token, int parallelism) : IDisposable
{
    private static readonly ObjectKind[] Kinds = [ObjectKind.Key, ObjectKind.Secret];
    private readonly VaultHttpClients _http = new(server.Ca, parallelism, token);

    public async Task<long> SnapshotAsync(string file, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(Loopback.CreateHandler(server.Ca)) { Timeout = TimeSpan.FromMinutes(10) };
        using var request = new HttpRequestMessage(HttpMethod.Post, VaultHttpClients.Url(vaultUrl, "_coffer/backup"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var output = File.Create(file);
        await (await response.Content.ReadAsStreamAsync(cancellationToken)).CopyToAsync(output, cancellationToken);
        return output.Length;
    }

    /// <param name="limit">At most this many objects (a warm-up); null for all.</param>
    public async Task<long> RestLoopAsync(string file, int? limit, CancellationToken cancellationToken)
    {
        var names = new List<(ObjectKind Kind, string Name)>();
        foreach (var kind in Kinds)
        {
            names.AddRange((await ListAsync(kind, cancellationToken)).Select(name => (kind, name)));
        }

        names = [.. names.Take(limit ?? names.Count)];

        await using var output = File.Create(file);
        var header = new VaultArchiveHeader(vaultUrl.Host.Split('.')[0], vaultUrl.ToString(), VaultArchiveHeader.RestSource, DateTimeOffset.UtcNow);
        using var writer = await VaultArchiveWriter.CreateAsync(output, header, null, cancellationToken);
        using var writing = new SemaphoreSlim(1, 1);
        await Parallel.ForAsync(0, parallelism, cancellationToken, async (worker, token) =>
        {
            for (var i = worker; i < names.Count; i += parallelism)
            {
                var (kind, name) = names[i];
                var answer = await _http.PostAsync(worker, VaultHttpClients.Url(vaultUrl, $"{kind.Collection()}/{name}/backup"), null,
                    BackupJsonContext.Default.BackupValue, token);
                var blob = Base64Url.DecodeFromChars(answer.Value);
                await writing.WaitAsync(token);
                try
                {
                    await writer.AddAsync(kind, name, blob, null, null, token);
                }
                finally
                {
                    writing.Release();
                }
            }
        });
        await writer.CompleteAsync(cancellationToken);
        return output.Length;
    }

    /// <summary>
    /// Creates an empty vault of the same geography through the management API, then restores the archive
    /// into it with <c>POST /_coffer/restore</c>, the file streamed as the body; returns how many objects were restored.
    /// </summary>
    public async Task<int> RestoreIntoNewVaultAsync(string file, Uri authority, string location, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(Loopback.CreateHandler(server.Ca)) { Timeout = TimeSpan.FromMinutes(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var name = "restore-" + Guid.NewGuid().ToString("N")[..8];
        using (var create = new StringContent($$"""{"name":"{{name}}","location":"{{location}}"}""", System.Text.Encoding.UTF8, "application/json"))
        {
            using var created = await client.PostAsync(new Uri(authority, "_coffer/vaults"), create, cancellationToken);
            created.EnsureSuccessStatusCode();
        }

        var target = new Uri($"https://{name}.{vaultUrl.Host[(vaultUrl.Host.IndexOf('.', StringComparison.Ordinal) + 1)..]}:{vaultUrl.Port}/");
        await using var archive = File.OpenRead(file);
        using var body = new StreamContent(archive, 64 * 1024);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.coffer.vault-archive");
        using var response = await client.PostAsync(VaultHttpClients.Url(target, "_coffer/restore"), body, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"POST /_coffer/restore answered {(int)response.StatusCode}: {text[..Math.Min(text.Length, 300)]}");
        }

        using var report = JsonDocument.Parse(text);
        return report.RootElement.GetProperty("restored").GetArrayLength();
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Every name of a kind, 25 a page, following <c>nextLink</c> as the SDKs do.</summary>
    private async Task<List<string>> ListAsync(ObjectKind kind, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        Uri? next = new(VaultHttpClients.Url(vaultUrl, kind.Collection()) + "&maxresults=25");
        while (next is not null)
        {
            using var page = JsonDocument.Parse(await _http.GetBytesAsync(0, next, cancellationToken));
            names.AddRange(page.RootElement.GetProperty("value").EnumerateArray()
                .Select(item => item.GetProperty(kind == ObjectKind.Key ? "kid" : "id").GetString()!.Split('/')[^1]));
            next = page.RootElement.TryGetProperty("nextLink", out var link) && link.GetString() is { Length: > 0 } url ? new Uri(url) : null;
        }

        return names;
    }
}
