using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Coffer.Bench.Load;

/// <summary>
/// Plain HttpClients, one per load client (each its own connection pool), that POST JSON bodies to
/// absolute vault URLs — Coffer's or a floor's — with the same bearer token on both, so the bytes on the
/// wire match and only what the server does with them differs.
/// </summary>
internal sealed class VaultHttpClients : IDisposable
{
    public const string ApiVersion = "2025-07-01";
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient[] _clients;

    public VaultHttpClients(X509Certificate2 ca, int clients, string bearerToken)
    {
        _clients = new HttpClient[clients];
        for (var i = 0; i < clients; i++)
        {
            _clients[i] = new HttpClient(Loopback.CreateHandler(ca));
            _clients[i].DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }
    }

    /// <summary><c>{vaultUrl}{path}?api-version=…</c>.</summary>
    public static Uri Url(Uri vaultUrl, string path) => new(vaultUrl, $"{path}?api-version={ApiVersion}");

    /// <summary>POSTs <paramref name="body"/> (none: Content-Length 0) and reads the answer as <typeparamref name="T"/>.</summary>
    public async Task<T> PostAsync<T>(int client, Uri url, byte[]? body, JsonTypeInfo<T> answer, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(client, url, body, cancellationToken);
        return await JsonSerializer.DeserializeAsync(await response.Content.ReadAsStreamAsync(cancellationToken), answer, cancellationToken)
            ?? throw new InvalidDataException("The server answered an empty body.");
    }

    /// <summary>POSTs <paramref name="body"/> and parses the JSON answer without binding it (a restore's bundle, a create's key).</summary>
    public async Task<JsonDocument> PostAsync(int client, Uri url, byte[]? body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(client, url, body, cancellationToken);
        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
    }

    /// <summary>PUTs <paramref name="body"/> (a key import) and parses the JSON answer.</summary>
    public async Task<JsonDocument> PutAsync(int client, Uri url, byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        using var response = await _clients[client].PutAsync(url, content, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode
            ? JsonDocument.Parse(text)
            : throw new HttpRequestException($"PUT {url.AbsolutePath} answered {(int)response.StatusCode}: {text[..Math.Min(text.Length, 300)]}", null, response.StatusCode);
    }

    /// <summary>GETs <paramref name="url"/> and returns the answer's bytes.</summary>
    public async Task<byte[]> GetBytesAsync(int client, Uri url, CancellationToken cancellationToken)
    {
        using var response = await _clients[client].GetAsync(url, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    private async Task<HttpResponseMessage> SendAsync(int client, Uri url, byte[]? body, CancellationToken cancellationToken)
    {
        using var content = body is null ? null : new ByteArrayContent(body);
        if (content is not null)
        {
            content.Headers.ContentType = Json;
        }

        var response = await _clients[client].PostAsync(url, content, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                throw new HttpRequestException($"POST {url.AbsolutePath} answered {(int)response.StatusCode}: {text[..Math.Min(text.Length, 300)]}", null, response.StatusCode);
            }
        }

        return response;
    }
}
