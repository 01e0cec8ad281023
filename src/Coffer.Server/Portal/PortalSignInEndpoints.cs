using Coffer.Server.Audit;
using Coffer.Server.Auth;
using Coffer.Server.Hosting;

namespace Coffer.Server.Portal;

/// <summary>
/// The portal's own sign-in as a client of the built-in authority: <c>/portal/signin</c> starts an authorization code
/// flow with PKCE, <c>/portal/signin-callback</c> exchanges the code (the token endpoint's own grant) and starts the
/// session, <c>/portal/signout</c> ends it; each audited as <c>PortalSignIn</c> or <c>PortalSignOut</c>, under the user
/// when there is one. Also the stylesheet, the one static file.
/// </summary>
internal static class PortalSignInEndpoints
{
    public static void MapPortalSignIn(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/portal", () => TypedResults.Redirect("/portal/vaults"));
        routes.MapGet("/portal/site.css", () => TypedResults.Text(PortalStyles.Css, "text/css"));
        routes.MapGet("/portal/signin", (HttpContext context, SignInFlow flow, Deployment deployment, CofferOptions options) =>
            TypedResults.Redirect(flow.Begin(context, deployment.TenantId, $"{context.Request.Scheme}://{context.Request.Host}",
                LocalPath(context.Request.Query["returnUrl"]))));
        routes.MapExternalSignIn();
        routes.MapGet(PortalClient.CallbackPath, CallbackAsync).AuditedAs("PortalSignIn", "user");
        routes.MapPost("/portal/signout", (HttpContext context) =>
            {
                PortalSession.End(context);
                return TypedResults.Redirect("/portal/signin");
            })
            .WithMetadata(PortalEndpoint.Instance).DisableAntiforgery().AuditedAs("PortalSignOut", "user");
    }

    private static async Task<IResult> CallbackAsync(HttpContext context, SignInFlow flow, AuthorizationCodes codes, VaultResource resource, PortalSession session)
    {
        var query = context.Request.Query;
        if (flow.Complete(context, query["state"]) is not { } started)
        {
            return PortalResults.Message(StatusCodes.Status400BadRequest, "Sign-in not completed",
                "This sign-in was not started in this browser, or it took longer than ten minutes. Sign in again.");
        }

        var (token, error) = await codes.ExchangeAsync(query["code"].ToString(), PortalClient.ClientId, PortalClient.RedirectUri(context.Request),
            started.Verifier, resource.PortLess, context.RequestAborted);
        if (token is null)
        {
            return PortalResults.Message(StatusCodes.Status400BadRequest, "Sign-in not completed", error!.Description);
        }

        if (await session.UserOfAsync(token, context.RequestAborted) is { } user)
        {
            context.Features.Set(user.Caller); // the audit log's principal
            context.Features.Get<AuditScope>()?.Describe(user.UserName, null);
        }

        PortalSession.Start(context, token);
        return TypedResults.Redirect(started.ReturnPath);
    }

    /// <summary>Only a path of the portal itself: never a redirect to another site, nor a header Kestrel would refuse to send (a control or non-ASCII character).</summary>
    internal static string LocalPath(string? returnUrl) =>
        returnUrl is { Length: > 1 } && returnUrl.StartsWith("/portal/", StringComparison.Ordinal) && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.Contains('\\', StringComparison.Ordinal) && returnUrl.All(c => c is > ' ' and < '\x7f')
            ? returnUrl
            : "/portal/vaults";
}
