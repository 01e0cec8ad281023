namespace Coffer.Server.Portal;

/// <summary>The portal as a client of the built-in authority: a public client that signs users in with the authorization code grant and PKCE.</summary>
public static class PortalClient
{
    public const string ClientId = "coffer-portal";
    public const string CallbackPath = "/portal/signin-callback";

    /// <summary>The one redirect URI the authority accepts for the portal: the callback on the origin the request came to.</summary>
    public static string RedirectUri(HttpRequest request) => $"{request.Scheme}://{request.Host}{CallbackPath}";
}
