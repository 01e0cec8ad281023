using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Coffer.Core.Auth;
using Coffer.Core.Storage;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Coffer.Server.Auth;

/// <summary>
/// The authorization code grant with PKCE (RFC 7636, S256 only) of the built-in authority. A code is a short-lived JWT
/// signed by the authority's key, naming the user, the client, its redirect URI and the code challenge: any node can
/// redeem what another issued. A code is redeemed once across every node: redeeming it adds its id to the shared
/// settings, where the name's uniqueness refuses a second redemption, and the id is forgotten once the code has expired.
/// PKCE is what makes a stolen code useless to anyone without the verifier.
/// </summary>
public sealed class AuthorizationCodes(TokenIssuer issuer, Core.Management.UserManagement users, ISettingStore settings, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);
    private const string Audience = "coffer:authorization-code";
    private const string SpentPrefix = "spent-authorization-code/";

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public string Issue(UserAccount user, string clientId, string redirectUri, string codeChallenge)
    {
        var now = time.GetUtcNow();
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer.Issuer(user.TenantId),
            Audience = Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + Lifetime).UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                ["jti"] = Guid.NewGuid().ToString("N"),
                ["user"] = user.UserName,
                ["oid"] = user.ObjectId,
                ["client_id"] = clientId,
                ["redirect_uri"] = redirectUri,
                ["code_challenge"] = codeChallenge,
            },
            SigningCredentials = new SigningCredentials(issuer.SigningKey, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>The user name and object id the code was issued for, or the OAuth error to answer.</summary>
    public async Task<(string UserName, string ObjectId)?> RedeemAsync(string code, string clientId, string redirectUri, string codeVerifier,
        CancellationToken cancellationToken)
    {
        var result = await _handler.ValidateTokenAsync(code, new TokenValidationParameters
        {
            IssuerSigningKey = issuer.SigningKey,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidAudience = Audience,
            ValidateIssuer = false,
            ClockSkew = TimeSpan.Zero,
            LifetimeValidator = (notBefore, expires, _, _) => expires is { } e && e > time.GetUtcNow().UtcDateTime,
        });
        if (!result.IsValid
            || result.Claims["client_id"] as string != clientId
            || result.Claims["redirect_uri"] as string != redirectUri
            || !VerifierMatches(codeVerifier, result.Claims["code_challenge"] as string)
            || result.Claims["jti"] is not string id)
        {
            return null;
        }

        await ForgetExpiredAsync(cancellationToken);
        var expires = new DateTimeOffset(result.SecurityToken.ValidTo, TimeSpan.Zero).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var spent = await settings.AddAllAsync([(SpentPrefix + id, expires)], cancellationToken);
        return spent.Count == 1 ? ((string)result.Claims["user"], (string)result.Claims["oid"]) : null;
    }

    /// <summary>An expired code fails validation by itself, so its id need not be kept.</summary>
    private async Task ForgetExpiredAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        foreach (var (name, expires) in await settings.ListAsync(SpentPrefix, cancellationToken))
        {
            if (long.Parse(expires, CultureInfo.InvariantCulture) < now)
            {
                await settings.DeleteAsync(name, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The token endpoint's <c>authorization_code</c> grant: the user's access token for <paramref name="audience"/>, or
    /// <c>invalid_grant</c> for a code that is unknown, spent, expired, for another client or redirect URI, whose verifier
    /// does not match, or whose user has since been deleted.
    /// </summary>
    public async Task<(string? Token, OAuthError? Error)> ExchangeAsync(string code, string clientId, string redirectUri, string codeVerifier,
        string audience, CancellationToken cancellationToken)
    {
        var redeemed = code.Length == 0 ? null : await RedeemAsync(code, clientId, redirectUri, codeVerifier, cancellationToken);
        var user = redeemed is { } r ? await users.FindAsync(r.UserName, cancellationToken) : null;
        return user is not null && user.ObjectId == redeemed!.Value.ObjectId
            ? (issuer.Issue(user, clientId, audience), null)
            : (null, new OAuthError("invalid_grant", "AADSTS70008: The provided authorization code or refresh token has expired or is invalid, or the code verifier does not match."));
    }

    public static string ChallengeOf(string codeVerifier) =>
        Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(codeVerifier)));

    private static bool VerifierMatches(string verifier, string? challenge) =>
        verifier.Length is >= 43 and <= 128 && challenge is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(ChallengeOf(verifier)), Encoding.ASCII.GetBytes(challenge));
}
