using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Tokens;

namespace Coffer.Server.Portal;

/// <summary>
/// The portal's side of the authorization code grant, at the built-in authority or an external issuer: a fresh state,
/// nonce and PKCE verifier kept in a short-lived, protected cookie while the user is at the authority, with the issuer
/// the flow went to (empty for the built-in one), checked and spent at the callback.
/// </summary>
public sealed class SignInFlow(IDataProtectionProvider protection, TimeProvider time)
{
    private const string CookieName = "__Host-coffer-signin";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("Coffer.Portal.SignInFlow").ToTimeLimitedDataProtector();

    /// <summary>The built-in authority's authorize URL for a new flow; the flow's cookie is set on the response.</summary>
    public string Begin(HttpContext context, string tenantId, string authority, string returnPath)
    {
        var (state, verifier, _) = Start(context, string.Empty, returnPath);
        return QueryHelpers.AddQueryString($"{authority}/{tenantId}/oauth2/v2.0/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = PortalClient.ClientId,
            ["response_type"] = "code",
            ["redirect_uri"] = PortalClient.RedirectUri(context.Request),
            ["scope"] = "openid",
            ["state"] = state,
            ["code_challenge"] = Auth.AuthorizationCodes.ChallengeOf(verifier),
            ["code_challenge_method"] = "S256",
        });
    }

    /// <summary>An external issuer's authorize URL for a new OpenID Connect flow (with a nonce for its ID token); the flow's cookie is set on the response.</summary>
    public string BeginExternal(HttpContext context, string issuer, string authorizationEndpoint, string clientId, string returnPath)
    {
        var (state, verifier, nonce) = Start(context, issuer, returnPath);
        return QueryHelpers.AddQueryString(authorizationEndpoint, new Dictionary<string, string?>
        {
            ["client_id"] = clientId,
            ["response_type"] = "code",
            ["redirect_uri"] = PortalClient.ExternalRedirectUri(context.Request),
            ["scope"] = "openid profile",
            ["response_mode"] = "query",
            ["state"] = state,
            ["nonce"] = nonce,
            ["code_challenge"] = Auth.AuthorizationCodes.ChallengeOf(verifier),
            ["code_challenge_method"] = "S256",
        });
    }

    /// <summary>
    /// The flow this browser started with <paramref name="state"/> at <paramref name="issuer"/> (empty: the built-in
    /// authority), or null; the cookie is spent either way, so a callback is completed once.
    /// </summary>
    public SignInFlowState? Complete(HttpContext context, string? state, string issuer = "")
    {
        var cookie = context.Request.Cookies[CookieName];
        context.Response.Cookies.Delete(CookieName, new CookieOptions { Secure = true, Path = "/", SameSite = SameSiteMode.Lax });
        if (string.IsNullOrEmpty(cookie) || string.IsNullOrEmpty(state))
        {
            return null;
        }

        string[] parts;
        try
        {
            parts = _protector.Unprotect(cookie, out _).Split('\n');
        }
        catch (CryptographicException)
        {
            return null;
        }

        return parts.Length == 5 && parts[4] == issuer && Same(parts[0], state) ? new SignInFlowState(parts[1], parts[2], parts[3]) : null;
    }

    internal static bool Same(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));

    private (string State, string Verifier, string Nonce) Start(HttpContext context, string issuer, string returnPath)
    {
        var (state, verifier, nonce) = (Random(), Random() + Random(), Random());
        var value = _protector.Protect(string.Join('\n', state, verifier, nonce, returnPath, issuer), time.GetUtcNow() + Lifetime);
        context.Response.Cookies.Append(CookieName, value, new CookieOptions
        {
            HttpOnly = true, Secure = true, SameSite = SameSiteMode.Lax, Path = "/", MaxAge = Lifetime, IsEssential = true,
        });
        return (state, verifier, nonce);
    }

    private static string Random() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
}

/// <summary>What a completed flow's cookie held: the PKCE verifier, the nonce its ID token must carry, and where the user was going.</summary>
public sealed record SignInFlowState(string Verifier, string Nonce, string ReturnPath);
