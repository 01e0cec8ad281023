using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Coffer.Bench.Backup;

namespace Coffer.Bench.Load;

/// <summary>
/// Plain HttpClients, one per load client, sending the Secrets API's request shapes: PUT of a JSON body
/// with a Content-Length, GET of the latest version, POST of a backup — to the floor, or to Coffer with a bearer token.
/// </summary>
internal sealed class SecretHttpClients : IDisposable
{
    private const string ApiVersion = "2025-07-01";
    private readonly HttpClient[] _clients;

    public SecretHttpClients(X509Certificate2 ca, Uri vaultUrl, int clients, string? bearerToken)
    {
        _clients = new HttpClient[clients];
        for (var i = 0; i < clients; i++)
        {
            _clients[i] = new HttpClient(Loopback.CreateHandler(ca)) { BaseAddress = vaultUrl };
            if (bearerToken is not null)
            {
                _clients[i].DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
            }
        }
    }

    public async Task SetAsync(int client, string name, string value, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(new FloorSecretSet(value), FloorJsonContext.Default.FloorSecretSet));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _clients[client].PutAsync(new Uri($"secrets/{name}?api-version={ApiVersion}", UriKind.Relative), content, cancellationToken);
        await ReadBundleAsync(response, cancellationToken);
    }

    public async Task GetAsync(int client, string name, CancellationToken cancellationToken)
    {
        using var response = await _clients[client].GetAsync(new Uri($"secrets/{name}/?api-version={ApiVersion}", UriKind.Relative), cancellationToken);
        await ReadBundleAsync(response, cancellationToken);
    }

    /// <summary>POST of a backup (no body, Content-Length 0); the blob as the answer's <c>{"value"}</c> carries it, base64url.</summary>
    public async Task<string> BackupAsync(int client, string name, CancellationToken cancellationToken)
    {
        using var response = await _clients[client].PostAsync(new Uri($"secrets/{name}/backup?api-version={ApiVersion}", UriKind.Relative), null, cancellationToken);
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync(BackupJsonContext.Default.BackupValue, cancellationToken);
        return answer?.Value ?? throw new InvalidDataException("The server answered no blob.");
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    private static async Task ReadBundleAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        response.EnsureSuccessStatusCode();
        _ = await response.Content.ReadFromJsonAsync(FloorJsonContext.Default.FloorSecretBundle, cancellationToken)
            ?? throw new InvalidDataException("The server answered an empty body.");
    }
}
