using Coffer.Server.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Coffer.Server.Auth;

/// <summary>
/// Validates tokens of the configured external OIDC issuers: the token's <c>iss</c> picks the issuer, whose
/// discovered keys, issuer and configured audience then decide. <c>oid</c> (else <c>sub</c>) is the
/// principal, <c>appid</c> (else <c>azp</c>) its application, <c>tid</c> (else the configured tenant) its tenant.
/// </summary>
public sealed class ExternalIssuers(CofferOptions options, Deployment deployment, TimeProvider time, ILogger<ExternalIssuers> logger)
{
    private static readonly HttpClient Http = new();

    private readonly ExternalIssuer[] _issuers =
        [.. options.ExternalIssuers.Select(o => new ExternalIssuer(o, new IssuerMetadata(o, Http, time, logger)))];

    public bool Any => _issuers.Length > 0;

    /// <summary>The issuer the portal signs people in through (the first), when the portal has a client id there.</summary>
    internal ExternalIssuer? PortalIssuer => options.ExternalIssuerPortalClientId is null || _issuers.Length == 0 ? null : _issuers[0];

    /// <summary>The validation, or null when no configured issuer issued <paramref name="jwt"/>.</summary>
    public async Task<TokenValidation?> ValidateAsync(string token, JsonWebToken jwt)
    {
        var tenantClaim = jwt.TryGetPayloadValue<string>("tid", out var tid) ? tid : null;
        if (Array.Find(_issuers, i => i.Issues(jwt.Issuer, tenantClaim)) is not { } issuer)
        {
            return null;
        }

        return await issuer.ValidateAsync(token, tenantClaim) is { } result
            ? Identify(result, issuer, tenantClaim)
            : TokenValidation.Fail($"AKV10014: Token signature cannot be checked: the keys of {jwt.Issuer} are unavailable.");
    }

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
                tenantClaim ?? issuer.Options.TenantId ?? deployment.TenantId, result.Issuer));
    }

    private static string? Claim(TokenValidationResult result, string name) =>
        result.Claims.TryGetValue(name, out var value) && value is string { Length: > 0 } text ? text : null;
}
