using System.Text;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Security.KeyVault.Certificates;
using Azure.Security.KeyVault.Secrets;

namespace Coffer.Server.Tests.Authorization;

/// <summary>One principal (a registered client) talking to one vault: through the SDKs, and raw for the Keys API.</summary>
public sealed class Actor
{
    private readonly CofferFixture _fixture;
    private readonly TokenCredential _credential;
    private readonly string _vault;

    public Actor(CofferFixture fixture, string vault, string clientId, string secret)
    {
        _fixture = fixture;
        _vault = vault;
        _credential = new ClientSecretCredential(fixture.Deployment.TenantId, clientId, secret, new ClientSecretCredentialOptions
        {
            AuthorityHost = new Uri(fixture.Server.Options.Authority),
            DisableInstanceDiscovery = true,
            Transport = fixture.Transport(),
            Retry = { MaxRetries = 0 },
        });
        Secrets = new SecretClient(fixture.VaultUri(vault), _credential, new SecretClientOptions { Transport = fixture.Transport(), Retry = { MaxRetries = 0 } });
        Certificates = new CertificateClient(fixture.VaultUri(vault), _credential,
            new CertificateClientOptions { Transport = fixture.Transport(), Retry = { MaxRetries = 0 } });
    }

    public SecretClient Secrets { get; }

    public CertificateClient Certificates { get; }

    /// <summary>The status a raw POST without body gets (for endpoints that do not answer JSON).</summary>
    public async Task<int> PostStatusAsync(string path)
    {
        var token = await _credential.GetTokenAsync(new TokenRequestContext([$"https://{CofferFixture.Suffix}/.default"]), default);
        using var request = new HttpRequestMessage(HttpMethod.Post, path + "?api-version=7.4");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.Token);
        using var response = await _fixture.RawClient(_vault).SendAsync(request);
        return (int)response.StatusCode;
    }

    /// <summary>A raw request (api-version 7.4 added); a failure is thrown as the SDKs throw it, so both paths assert alike.</summary>
    public async Task<JsonNode?> SendAsync(string method, string path, string? body = null)
    {
        var token = await _credential.GetTokenAsync(new TokenRequestContext([$"https://{CofferFixture.Suffix}/.default"]), default);
        using var request = new HttpRequestMessage(new HttpMethod(method), path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "api-version=7.4");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.Token);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await _fixture.RawClient(_vault).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            var code = text.Length > 0 ? JsonNode.Parse(text)?["error"]?["code"]?.GetValue<string>() : null;
            throw new RequestFailedException((int)response.StatusCode, text, code, null);
        }

        return text.Length == 0 ? null : JsonNode.Parse(text);
    }
}
