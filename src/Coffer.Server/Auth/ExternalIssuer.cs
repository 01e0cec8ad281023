using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Coffer.Server.Auth;

/// <summary>
/// One configured external issuer: its discovery document and signing keys, fetched on first use and
/// refreshed by <see cref="ConfigurationManager{T}"/> (daily, or sooner when a token names an unknown key).
/// </summary>
public sealed class ExternalIssuer
{
    private const string TenantPlaceholder = "{tenantid}";
    private readonly ConfigurationManager<OpenIdConnectConfiguration> _configuration;

    public ExternalIssuer(ExternalIssuerOptions options, HttpClient http)
    {
        Options = options;
        _configuration = new ConfigurationManager<OpenIdConnectConfiguration>(
            options.MetadataAddress.AbsoluteUri, new OpenIdConnectConfigurationRetriever(), new Retriever(http));
    }

    public ExternalIssuerOptions Options { get; }

    /// <exception cref="InvalidOperationException">The discovery document or keys could not be fetched.</exception>
    public Task<OpenIdConnectConfiguration> ConfigurationAsync(CancellationToken cancellationToken) =>
        _configuration.GetConfigurationAsync(cancellationToken);

    public void RequestRefresh() => _configuration.RequestRefresh();

    /// <summary>Whether <paramref name="issuer"/> is this issuer's; Entra's multi-tenant documents name <c>{tenantid}</c>.</summary>
    public static bool Issues(OpenIdConnectConfiguration configuration, string issuer, string? tenantId) =>
        configuration.Issuer == issuer
        || (tenantId is not null && configuration.Issuer.Contains(TenantPlaceholder, StringComparison.Ordinal)
            && configuration.Issuer.Replace(TenantPlaceholder, tenantId, StringComparison.Ordinal) == issuer);

    /// <summary>Every document (discovery, then JWKS) over https, or plain http only to a loopback address.</summary>
    private sealed class Retriever(HttpClient http) : IDocumentRetriever
    {
        private readonly HttpDocumentRetriever _inner = new(http) { RequireHttps = false };

        public Task<string> GetDocumentAsync(string address, CancellationToken cancel) =>
            Uri.TryCreate(address, UriKind.Absolute, out var uri) && ExternalIssuerOptions.IsAcceptable(uri)
                ? _inner.GetDocumentAsync(address, cancel)
                : throw new InvalidOperationException($"Refused to fetch {address}: issuer documents must come over https (or http to a loopback address).");
    }
}
