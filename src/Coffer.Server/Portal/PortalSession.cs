using Coffer.Core.Management;
using Coffer.Server.Auth;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Coffer.Server.Portal;

/// <summary>
/// The portal's session is the user's access token (issued by the built-in authority at sign-in) in an HttpOnly,
/// Secure, SameSite=Strict cookie: every node validates it with the authority's key, as it would a bearer token, and
/// the user must still exist. It ends when the token expires (<see cref="TokenIssuer.Lifetime"/>) or on sign-out.
/// </summary>
public sealed class PortalSession(ValidatedTokenCache tokens, UserManagement users)
{
    public const string CookieName = "__Host-coffer-portal";

    public Task<PortalUser?> ReadAsync(HttpContext context) =>
        context.Request.Cookies.TryGetValue(CookieName, out var token) && !string.IsNullOrEmpty(token)
            ? UserOfAsync(token, context.RequestAborted)
            : Task.FromResult<PortalUser?>(null);

    /// <summary>The user a portal token speaks for, while the token is valid and the user still exists.</summary>
    public async Task<PortalUser?> UserOfAsync(string token, CancellationToken cancellationToken)
    {
        var validation = await tokens.ValidateAsync(token);
        if (validation.Caller is not { IsBuiltIn: true } caller || new JsonWebToken(token).TryGetPayloadValue<string>("preferred_username", out var name) is false)
        {
            return null;
        }

        var account = await users.FindAsync(name, cancellationToken);
        return account is not null && account.ObjectId == caller.ObjectId ? new PortalUser(caller, account) : null;
    }

    public static void Start(HttpContext context, string token) =>
        context.Response.Cookies.Append(CookieName, token, Options(TokenIssuer.Lifetime));

    public static void End(HttpContext context) =>
        context.Response.Cookies.Delete(CookieName, Options(TimeSpan.Zero));

    private static CookieOptions Options(TimeSpan lifetime) => new()
    {
        HttpOnly = true,
        Secure = true,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        MaxAge = lifetime,
        IsEssential = true,
    };
}
