using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Coffer.Server.Auth;

/// <summary>
/// One configured external issuer: which tokens are its — by their <c>iss</c> alone, so no other issuer is ever
/// asked about them — and whether one holds against its published keys and issuer, and the configured audience.
/// </summary>
internal sealed class ExternalIssuer(ExternalIssuerOptions options, IssuerMetadata metadata)
{
    private const string TenantPlaceholder = "{tenantid}";
    private static readonly JsonWebTokenHandler Handler = new();

    public ExternalIssuerOptions Options => options;

    /// <summary>
    /// Whether a token's <paramref name="issuer"/> names this issuer. A trailing slash is ignored: the discovery URL
    /// drops it, so the configured issuer may lack one its documents have; validation then checks the document's.
    /// </summary>
    public bool Issues(string issuer, string? tenantId) =>
        ForTenant(options.Issuer!, tenantId)?.TrimEnd('/') == issuer.TrimEnd('/');

    /// <summary>The discovery document (authorize and token endpoints, keys), or null while the issuer is unavailable.</summary>
    public Task<OpenIdConnectConfiguration?> ConfigurationAsync() => metadata.ConfigurationAsync(0);

    /// <summary>
    /// The token checked against the issuer's keys — fetched again (see <see cref="IssuerMetadata"/>) when it names a
    /// key they lack, as the issuer may have rotated — or null when the issuer has no keys to offer. The audience is the
    /// configured one (access tokens), or <paramref name="audience"/> (the portal's client id, for its ID tokens).
    /// </summary>
    public async Task<TokenValidationResult?> ValidateAsync(string token, string? tenantId, string? audience = null)
    {
        var fetchesSeen = metadata.FetchesStarted;
        if (await metadata.ConfigurationAsync(0) is not { } configuration)
        {
            return null;
        }

        audience ??= options.Audience;
        var result = await ValidateAsync(token, tenantId, audience, configuration);
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException
            && await metadata.ConfigurationAsync(fetchesSeen) is { } refreshed && refreshed != configuration)
        {
            result = await ValidateAsync(token, tenantId, audience, refreshed);
        }

        return result;
    }

    private static Task<TokenValidationResult> ValidateAsync(string token, string? tenantId, string audience, OpenIdConnectConfiguration configuration) =>
        Handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = ForTenant(configuration.Issuer, tenantId),
            IssuerSigningKeys = configuration.SigningKeys,
            ValidateIssuerSigningKey = true,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
                SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384],
            ValidAudience = audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromMinutes(1),
        });

    /// <summary><paramref name="issuer"/> with Entra's multi-tenant <c>{tenantid}</c> replaced by the token's tenant; null when it has none.</summary>
    private static string? ForTenant(string issuer, string? tenantId) =>
        !issuer.Contains(TenantPlaceholder, StringComparison.Ordinal) ? issuer
        : tenantId is null ? null
        : issuer.Replace(TenantPlaceholder, tenantId, StringComparison.Ordinal);
}
