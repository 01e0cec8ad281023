using Coffer.Server.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Coffer.Server.Auth;

/// <summary>
/// Checks a bearer token: signed by the built-in issuer, issued by {authority}/{tid}/v2.0, for the
/// vault resource (with or without a port), within its lifetime — or issued by a configured external OIDC issuer (its <c>iss</c>
/// decides which). Failures carry Azure's AKV message for the 401 body. <paramref name="audience"/> is the vault
/// resource unless given (Resource Manager's validator takes only the built-in issuer's management tokens).
/// </summary>
public sealed class TokenValidator(
    TokenIssuer issuer, CofferOptions options, VaultResource resource, ExternalIssuers? externalIssuers = null, string? audience = null, TimeProvider? time = null)
{
    private readonly JsonWebTokenHandler _handler = new();
    private readonly string _audience = audience ?? resource.PortLess;

    private readonly TokenValidationParameters _parameters = new()
    {
        IssuerSigningKey = issuer.SigningKey,
        ValidateIssuerSigningKey = true,
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        ValidateIssuer = false, // checked below against the token's own tenant
        AudienceValidator = (audiences, _, _) => audience is null
            ? audiences.Any(resource.IsAudience) // with or without a port (VaultResource)
            : audiences.Any(a => string.Equals(a.TrimEnd('/'), audience, StringComparison.OrdinalIgnoreCase)),
        ValidateLifetime = true,
        RequireExpirationTime = true,
        ClockSkew = ClockSkew,
        LifetimeValidator = (notBefore, expires, _, _) => WithinLifetime(notBefore, expires, (time ?? TimeProvider.System).GetUtcNow().UtcDateTime),
    };

    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    public async Task<TokenValidation> ValidateAsync(string token)
    {
        // Tokens that name the built-in authority (or are unreadable) take the built-in path, whose errors they then get.
        if (externalIssuers is { Any: true } && Read(token) is { } jwt && !jwt.Issuer.StartsWith(options.Authority + "/", StringComparison.Ordinal))
        {
            return await externalIssuers.ValidateAsync(token, jwt)
                ?? TokenValidation.Fail($"AKV10032: Invalid issuer. Expected one of {options.Authority}/{{tenant}}/v2.0 or a configured issuer, found {jwt.Issuer}.");
        }

        var result = await _handler.ValidateTokenAsync(token, _parameters);
        if (!result.IsValid)
        {
            return TokenValidation.Fail(Describe(result.Exception, _audience));
        }

        var claims = result.Claims;
        if (!claims.TryGetValue("tid", out var tid) || tid is not string tenant || !claims.TryGetValue("oid", out var oid) || oid is not string objectId)
        {
            return TokenValidation.Fail("AKV10012: Token lacks the tid and oid claims.");
        }

        if (result.Issuer != issuer.Issuer(tenant))
        {
            return TokenValidation.Fail($"AKV10032: Invalid issuer. Expected {issuer.Issuer(tenant)}, found {result.Issuer}.");
        }

        return TokenValidation.Success(new CallerIdentity(objectId, claims.TryGetValue("appid", out var appId) ? appId as string : null, tenant));
    }

    /// <summary>The lifetime check against the server's clock (the one the issuer stamps tokens with), not the machine's.</summary>
    private static bool WithinLifetime(DateTime? notBefore, DateTime? expires, DateTime now)
    {
        if (expires is not { } expiry)
        {
            throw new SecurityTokenNoExpirationException("The token has no expiration time.");
        }

        if (notBefore is { } start && start > now + ClockSkew)
        {
            throw new SecurityTokenNotYetValidException("The token is not yet valid.") { NotBefore = start };
        }

        if (expiry < now - ClockSkew)
        {
            throw new SecurityTokenExpiredException("The token has expired.") { Expires = expiry };
        }

        return true;
    }

    /// <summary>Azure's AKV message for a token that failed validation.</summary>
    internal static string Describe(Exception? failure, string audience) => failure switch
    {
        SecurityTokenExpiredException => "AKV10021: Token has expired.",
        SecurityTokenNotYetValidException => "AKV10021: Token is not yet valid.",
        SecurityTokenInvalidAudienceException => $"AKV10022: Invalid audience. Expected {audience}.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "AKV10014: Token signature is invalid.",
        SecurityTokenInvalidIssuerException => "AKV10032: Invalid issuer.",
        _ => "AKV10012: Token is malformed or invalid.",
    };

    private static JsonWebToken? Read(string token)
    {
        try
        {
            return new JsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}

public sealed record TokenValidation(CallerIdentity? Caller, string? Failure)
{
    public static TokenValidation Success(CallerIdentity caller) => new(caller, null);

    public static TokenValidation Fail(string failure) => new(null, failure);
}
