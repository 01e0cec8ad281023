using System.Globalization;
using System.Security.Cryptography;
using Coffer.Core.Management;
using Coffer.Server.Auth;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Coffer.Server.Portal;

/// <summary>
/// The portal's session, in an HttpOnly, Secure, SameSite=Strict cookie for an hour (<see cref="TokenIssuer.Lifetime"/>)
/// or until sign-out. A user of the built-in authority's session is their access token: every node validates it with the
/// authority's key, as it would a bearer token, and the user must still exist. A person signed in through the external
/// issuer has a ticket instead — their <c>oid</c>, <c>tid</c>, <c>iss</c> and names, protected with the nodes' shared
/// Data Protection keys — honoured while that issuer is still the portal's.
/// </summary>
public sealed class PortalSession(ValidatedTokenCache tokens, UserManagement users, ExternalIssuers issuers, IDataProtectionProvider protection,
    TimeProvider time)
{
    public const string CookieName = "__Host-coffer-portal";
    private readonly IDataProtector _tickets = protection.CreateProtector("Coffer.Portal.ExternalSession");

    public Task<PortalUser?> ReadAsync(HttpContext context) =>
        !context.Request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value) ? Task.FromResult<PortalUser?>(null)
        // An access token is a JWT, dotted; a protected ticket is base64url, which has no dot.
        : value.Contains('.', StringComparison.Ordinal) ? UserOfAsync(value, context.RequestAborted)
        : Task.FromResult(ExternalUserOf(value));

    /// <summary>The user a portal token speaks for, while the token is valid and the user still exists.</summary>
    public async Task<PortalUser?> UserOfAsync(string token, CancellationToken cancellationToken)
    {
        var validation = await tokens.ValidateAsync(token);
        if (validation.Caller is not { IsBuiltIn: true } caller || new JsonWebToken(token).TryGetPayloadValue<string>("preferred_username", out var name) is false)
        {
            return null;
        }

        var account = await users.FindAsync(name, cancellationToken);
        return account is not null && account.ObjectId == caller.ObjectId ? PortalUser.Of(caller, account) : null;
    }

    public static void Start(HttpContext context, string token) =>
        context.Response.Cookies.Append(CookieName, token, Options(TokenIssuer.Lifetime));

    /// <summary>Starts the session of a person the external issuer signed in: a ticket of Coffer's own, not the issuer's token.</summary>
    public void StartExternal(HttpContext context, PortalUser user)
    {
        var caller = user.Caller;
        var expires = time.GetUtcNow().Add(TokenIssuer.Lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var ticket = string.Join('\n', caller.ObjectId, caller.ApplicationId, caller.TenantId, caller.Issuer, OneLine(user.UserName), OneLine(user.DisplayName), expires);
        context.Response.Cookies.Append(CookieName, _tickets.Protect(ticket), Options(TokenIssuer.Lifetime));
    }

    public static void End(HttpContext context) =>
        context.Response.Cookies.Delete(CookieName, Options(TimeSpan.Zero));

    private PortalUser? ExternalUserOf(string protectedTicket)
    {
        string[] parts;
        try
        {
            parts = _tickets.Unprotect(protectedTicket).Split('\n');
        }
        catch (CryptographicException)
        {
            return null;
        }

        return parts is [var objectId, var application, var tenant, var issuer, var userName, var displayName, var expires]
            && long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && time.GetUtcNow().ToUnixTimeSeconds() < seconds
            && issuers.PortalIssuer?.Issues(issuer, tenant) == true
            ? new PortalUser(new CallerIdentity(objectId, application, tenant, issuer), userName, displayName, IsAdmin: false)
            : null;
    }

    /// <summary>A name as one line of the ticket, cut short enough that the cookie stays under a browser's 4 KB.</summary>
    private static string OneLine(string text) => (text.Length > 200 ? text[..200] : text).ReplaceLineEndings(" ");

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
