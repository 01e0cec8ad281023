using Coffer.Core.Management;
using Coffer.Server.Audit;
using Coffer.Server.Hosting;
using Coffer.Server.Portal;
using Coffer.Server.Portal.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.WebUtilities;

namespace Coffer.Server.Auth;

/// <summary>
/// The built-in authority's authorization endpoint (authorization code grant with PKCE, RFC 7636 S256): a sign-in page
/// for users (<see cref="UserManagement"/>), then a redirect with a code to the client's redirect URI. The one client is
/// the portal (<see cref="PortalClient"/>), and its one redirect URI is the callback on the origin the request came to,
/// so the endpoint cannot be used to redirect anywhere else. Each sign-in, accepted or refused, is audited as
/// <c>UserSignIn</c>: under the user when accepted, naming the account (never what was typed for an unknown one) when refused.
/// </summary>
internal static class AuthorizeEndpoints
{
    private static readonly string[] GrantFields = ["client_id", "response_type", "redirect_uri", "scope", "state", "code_challenge", "code_challenge_method"];

    public static void MapAuthorize(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/{tenant}/oauth2/v2.0/authorize", (string tenant, HttpContext context, Deployment deployment) =>
            Grant(tenant, context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()), context, deployment) is { } refused
                ? refused
                : SignInPage(context, null, null));
        routes.MapPost("/{tenant}/oauth2/v2.0/authorize", SignInAsync).DisableAntiforgery() // checked below, with IAntiforgery
            .AuditedAs("UserSignIn", "user");
    }

    private static async Task<IResult> SignInAsync(string tenant, HttpContext context, Deployment deployment, UserManagement users,
        AuthorizationCodes codes, IAntiforgery antiforgery)
    {
        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
        {
            return PortalResults.Message(StatusCodes.Status400BadRequest, "Sign-in form expired",
                "The sign-in form was not sent by this site's page, or it has expired. Start again from the portal.");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var grant = GrantFields.ToDictionary(f => f, f => form[f].ToString());
        if (Grant(tenant, grant, context, deployment) is { } refused)
        {
            return refused;
        }

        var user = await users.SignInAsync(form["username"], form["password"], context.RequestAborted);
        var account = user ?? await users.FindAsync(form["username"].ToString(), context.RequestAborted);
        if (account is not null)
        {
            context.Features.Get<AuditScope>()?.Describe(account.UserName, null);
        }

        if (user is null)
        {
            return SignInPage(context, form["username"], "The user name or password is incorrect.", StatusCodes.Status400BadRequest);
        }

        context.Features.Set(new CallerIdentity(user.ObjectId, PortalClient.ClientId, user.TenantId));
        var code = codes.Issue(user, grant["client_id"], grant["redirect_uri"], grant["code_challenge"]);
        return TypedResults.Redirect(QueryHelpers.AddQueryString(grant["redirect_uri"], new Dictionary<string, string?>
        {
            ["code"] = code,
            ["state"] = grant["state"],
        }));
    }

    /// <summary>Null when the request is a grant this authority makes; else the page that says why not (never a redirect to an unchecked URI).</summary>
    private static IResult? Grant(string tenant, IReadOnlyDictionary<string, string> grant, HttpContext context, Deployment deployment)
    {
        string? Field(string name) => grant.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
        var problem =
            !string.Equals(tenant, deployment.TenantId, StringComparison.OrdinalIgnoreCase) ? $"AADSTS90002: Tenant '{tenant}' not found."
            : Field("client_id") != PortalClient.ClientId ? $"AADSTS700016: Application with identifier '{Field("client_id")}' was not found in the directory '{tenant}'."
            : Field("redirect_uri") != PortalClient.RedirectUri(context.Request) ? "AADSTS50011: The redirect URI specified in the request does not match the redirect URIs configured for the application."
            : Field("response_type") != "code" ? "AADSTS700054: response_type 'code' is the only one supported."
            : Field("code_challenge_method") != "S256" || Field("code_challenge") is not { Length: 43 } ? "AADSTS9002325: Proof Key for Code Exchange (S256) is required."
            : Field("state") is null ? "A state parameter is required."
            : null;
        return problem is null ? null : PortalResults.Message(StatusCodes.Status400BadRequest, "Sign-in request refused", problem);
    }

    private static IResult SignInPage(HttpContext context, string? userName, string? error, int status = StatusCodes.Status200OK)
    {
        var source = context.Request.HasFormContentType ? context.Request.Form.Select(f => (f.Key, Value: f.Value.ToString()))
            : context.Request.Query.Select(q => (q.Key, Value: q.Value.ToString()));
        var grant = source.Where(f => GrantFields.Contains(f.Key)).Select(f => KeyValuePair.Create(f.Key, f.Value)).ToList();
        return PortalResults.Page<SignInPage>(context, new()
        {
            ["Action"] = context.Request.Path.Value,
            ["Grant"] = grant,
            ["UserName"] = userName,
            ["Error"] = error,
            ["ExternalHost"] = context.RequestServices.GetRequiredService<ExternalSignIn>().IssuerHost,
        }, status);
    }
}
