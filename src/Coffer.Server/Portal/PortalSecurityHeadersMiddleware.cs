namespace Coffer.Server.Portal;

/// <summary>
/// Headers on every page the browser renders (the portal and the authority's sign-in page): a Content-Security-Policy
/// that allows no script at all and only this origin's stylesheet and form targets, HSTS, no framing, no sniffing, no
/// referrer, and no caching (a page may show a secret value).
/// </summary>
internal sealed class PortalSecurityHeadersMiddleware(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/portal") || path.Value?.EndsWith("/oauth2/v2.0/authorize", StringComparison.Ordinal) == true)
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.StrictTransportSecurity = "max-age=31536000";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.CacheControl = "no-store";
        }

        return next(context);
    }
}
