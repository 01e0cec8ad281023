namespace Coffer.Server.Portal;

/// <summary>The portal as a client of the built-in authority: a public client that signs users in with the authorization code grant and PKCE.</summary>
public static class PortalClient
{
    public const string ClientId = "coffer-portal";
    public const string CallbackPath = "/portal/signin-callback";

    /// <summary>Where an external issuer sends the browser back (<c>--external-issuer-portal-client-id</c>).</summary>
    public const string ExternalCallbackPath = "/portal/signin-oidc";

    /// <summary>The one redirect URI the authority accepts for the portal: the callback on the origin the request came to.</summary>
    public static string RedirectUri(HttpRequest request) => $"{request.Scheme}://{request.Host}{CallbackPath}";

    /// <summary>The redirect URI registered for the portal at the external issuer: the OpenID Connect callback on the origin the request came to.</summary>
    public static string ExternalRedirectUri(HttpRequest request) => $"{request.Scheme}://{request.Host}{ExternalCallbackPath}";
}
