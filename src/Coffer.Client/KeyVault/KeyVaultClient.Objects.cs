using System.Text.Json;
using Azure.Core;
using Coffer.Core;

namespace Coffer.Client.KeyVault;

/// <summary>Reading one object version whole, and writing secrets, certificates and keys, as the REST API shapes them (JSON in, JSON out).</summary>
public sealed partial class KeyVaultClient
{
    /// <summary><c>GET /{collection}/{name}[/{version}]</c>: the bundle as the service sent it (a secret's value included).</summary>
    public async Task<JsonElement> GetAsync(ObjectKind kind, string name, string? version, CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Get, $"/{kind.Collection()}/{Uri.EscapeDataString(name)}/{Uri.EscapeDataString(version ?? string.Empty)}");
        using var body = await SendAsync(message, cancellationToken);
        return body.RootElement.Clone();
    }

    /// <summary><c>GET /certificates/{name}/policy</c>.</summary>
    public async Task<JsonElement> GetPolicyAsync(string certificateName, CancellationToken cancellationToken)
    {
        using var message = Message(RequestMethod.Get, $"/certificates/{Uri.EscapeDataString(certificateName)}/policy");
        using var body = await SendAsync(message, cancellationToken);
        return body.RootElement.Clone();
    }

    /// <summary><c>PUT /secrets/{name}</c> with <paramref name="body"/> (<c>value</c>, <c>contentType</c>, <c>attributes</c>, <c>tags</c>): a new version.</summary>
    public Task<JsonElement> SetSecretAsync(string name, Action<Utf8JsonWriter> body, CancellationToken cancellationToken) =>
        SendJsonAsync(RequestMethod.Put, $"/secrets/{Uri.EscapeDataString(name)}", body, cancellationToken);

    /// <summary><c>POST /certificates/{name}/import</c> with <paramref name="body"/> (<c>value</c>, <c>pwd</c>?, <c>policy</c>, <c>attributes</c>, <c>tags</c>): a new version.</summary>
    public Task<JsonElement> ImportCertificateAsync(string name, Action<Utf8JsonWriter> body, CancellationToken cancellationToken) =>
        SendJsonAsync(RequestMethod.Post, $"/certificates/{Uri.EscapeDataString(name)}/import", body, cancellationToken);

    private async Task<JsonElement> SendJsonAsync(RequestMethod method, string path, Action<Utf8JsonWriter> body, CancellationToken cancellationToken)
    {
        using var message = Message(method, path);
        message.Request.Headers.SetValue("Content-Type", "application/json");
        message.Request.Content = Json(body);
        using var answer = await SendAsync(message, cancellationToken);
        return answer.RootElement.Clone();
    }
}
