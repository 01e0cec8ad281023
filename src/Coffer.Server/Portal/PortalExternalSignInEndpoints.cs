using Coffer.Server.Audit;

namespace Coffer.Server.Portal;

/// <summary>
/// Sign-in through the external issuer (<see cref="ExternalSignIn"/>): <c>/portal/signin-external</c> sends the browser
/// there, <c>/portal/signin-oidc</c> takes it back, audited as <c>PortalSignIn</c> under the external principal when
/// accepted. A refusal is a page saying why, and starts no session.
/// </summary>
internal static class PortalExternalSignInEndpoints
{
    public static void MapExternalSignIn(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/portal/signin-external", BeginAsync);
        routes.MapGet(PortalClient.ExternalCallbackPath, CallbackAsync).AuditedAs("PortalSignIn", "user");
    }

    private static async Task<IResult> BeginAsync(HttpContext context, ExternalSignIn signIn)
    {
        if (signIn.IssuerHost is null)
        {
            return NotConfigured();
        }

        return await signIn.BeginAsync(context, PortalSignInEndpoints.LocalPath(context.Request.Query["returnUrl"])) is { } authorize
            ? TypedResults.Redirect(authorize)
            : PortalResults.Message(StatusCodes.Status503ServiceUnavailable, "Sign-in unavailable",
                $"{signIn.IssuerHost} is unavailable. Try again in a minute, or sign in with a Coffer user.");
    }

    private static async Task<IResult> CallbackAsync(HttpContext context, ExternalSignIn signIn, PortalSession session)
    {
        if (signIn.IssuerHost is null)
        {
            return NotConfigured();
        }

        var result = await signIn.CompleteAsync(context);
        if (result.User is not { } user)
        {
            return PortalResults.Message(StatusCodes.Status400BadRequest, "Sign-in not completed", result.Refusal!);
        }

        context.Features.Set(user.Caller); // the audit log's principal
        context.Features.Get<AuditScope>()?.Describe(user.UserName, null);
        session.StartExternal(context, user);
        // Not a redirect: the browser arrived from the issuer's site, and a redirect would go on without the new SameSite=Strict
        // session cookie; a refresh is a navigation of this site's own page, which sends it.
        context.Response.Headers["Refresh"] = "0;url=" + result.ReturnPath;
        return PortalResults.Page<Pages.SignedInPage>(context, new() { ["Name"] = user.DisplayName, ["ReturnPath"] = result.ReturnPath });
    }

    private static IResult NotConfigured() => PortalResults.Message(StatusCodes.Status404NotFound, "Not found",
        "This server has no external issuer to sign in with (external-issuer-portal-client-id is not set).");
}
