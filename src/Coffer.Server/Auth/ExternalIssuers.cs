using Coffer.Server.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Coffer.Server.Auth;

/// <summary>
/// Validates tokens of the configured external OIDC issuers: the token's <c>iss</c> picks the issuer, whose
/// discovered keys, issuer and configured audience then decide. <c>oid</c> (else <c>sub</c>) is the
/// principal, <c>appid</c> (else <c>azp</c>) its application, <c>tid</c> (else the configured tenant) its tenant.
/// </summary>
public sealed class ExternalIssuers(CofferOptions options, Deployment deployment, ILogger<ExternalIssuers> logger)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private readonly ExternalIssuer[] _issuers = [.. options.ExternalIssuers.Select(o => new ExternalIssuer(o, Http))];
    private readonly JsonWebTokenHandler _handler = new();

    public bool Any => _issuers.Length > 0;

    /// <summary>The validation, or null when no configured issuer issued <paramref name="token"/>.</summary>
    public async Task<TokenValidation?> ValidateAsync(string token, JsonWebToken jwt)
    {
        var tenantClaim = jwt.TryGetPayloadValue<string>("tid", out var tid) ? tid : null;
        foreach (var issuer in _issuers)
        {
            Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectConfiguration configuration;
            try
            {
                configuration = await issuer.ConfigurationAsync(CancellationToken.None);
            }
            catch (InvalidOperationException e)
            {
                logger.LogWarning(e, "External issuer metadata {Address} is unavailable.", issuer.Options.MetadataAddress);
                continue;
            }

            if (ExternalIssuer.Issues(configuration, jwt.Issuer, tenantClaim))
            {
                var result = await ValidateAsync(token, jwt.Issuer, issuer, configuration);
                if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
                {
                    issuer.RequestRefresh(); // the issuer may have rotated its keys
                    result = await ValidateAsync(token, jwt.Issuer, issuer, await issuer.ConfigurationAsync(CancellationToken.None));
                }

                return Identify(result, issuer, tenantClaim);
            }
        }

        return null;
    }

    private Task<TokenValidationResult> ValidateAsync(string token, string issuerName, ExternalIssuer issuer,
        Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectConfiguration configuration) =>
        _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuerName,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidateIssuerSigningKey = true,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
                SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384],
            ValidAudience = issuer.Options.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromMinutes(1),
        });

    private TokenValidation Identify(TokenValidationResult result, ExternalIssuer issuer, string? tenantClaim)
    {
        if (!result.IsValid)
        {
            return TokenValidation.Fail(TokenValidator.Describe(result.Exception, issuer.Options.Audience));
        }

        var objectId = Claim(result, "oid") ?? Claim(result, "sub");
        return objectId is null
            ? TokenValidation.Fail("AKV10012: Token lacks the oid and sub claims.")
            : TokenValidation.Success(new CallerIdentity(objectId, Claim(result, "appid") ?? Claim(result, "azp"),
                tenantClaim ?? issuer.Options.TenantId ?? deployment.TenantId));
    }

    private static string? Claim(TokenValidationResult result, string name) =>
        result.Claims.TryGetValue(name, out var value) && value is string { Length: > 0 } text ? text : null;
}
