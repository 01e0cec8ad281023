using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.IdentityModel.Tokens;

namespace Coffer.Server.Portal;

/// <summary>
/// The portal's side of the authorization code grant: a fresh state and PKCE verifier kept in a short-lived, protected
/// cookie while the user is at the authority, checked and spent at the callback.
/// </summary>
public sealed class SignInFlow(IDataProtectionProvider protection, TimeProvider time)
{
    private const string CookieName = "__Host-coffer-signin";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("Coffer.Portal.SignInFlow").ToTimeLimitedDataProtector();

    /// <summary>The authority's authorize URL for a new flow; the flow's cookie is set on the response.</summary>
    public string Begin(HttpContext context, string tenantId, string authority, string returnPath)
    {
        var state = Random();
        var verifier = Random() + Random();
        var value = _protector.Protect(string.Join('\n', state, verifier, returnPath), time.GetUtcNow() + Lifetime);
        context.Response.Cookies.Append(CookieName, value, new CookieOptions
        {
            HttpOnly = true, Secure = true, SameSite = SameSiteMode.Lax, Path = "/", MaxAge = Lifetime, IsEssential = true,
        });
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = PortalClient.ClientId,
            ["response_type"] = "code",
            ["redirect_uri"] = PortalClient.RedirectUri(context.Request),
            ["scope"] = "openid",
            ["state"] = state,
            ["code_challenge"] = Auth.AuthorizationCodes.ChallengeOf(verifier),
            ["code_challenge_method"] = "S256",
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString($"{authority}/{tenantId}/oauth2/v2.0/authorize", query);
    }

    /// <summary>The flow's verifier and return path when <paramref name="state"/> is the one this browser started with; the cookie is spent either way.</summary>
    public (string Verifier, string ReturnPath)? Complete(HttpContext context, string? state)
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

        return parts.Length == 3 && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(parts[0]), System.Text.Encoding.UTF8.GetBytes(state))
            ? (parts[1], parts[2])
            : null;
    }

    private static string Random() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
}
