using System.Security.Claims;
using Coffer.Core;
using Coffer.Core.Errors;
using Coffer.Server.Authorization;
using Coffer.Server.Hosting;
using Coffer.Server.Vaults;
using Microsoft.AspNetCore.Antiforgery;

namespace Coffer.Server.Portal;

/// <summary>
/// For portal endpoints, the data plane's checks with the browser's session instead of a bearer token: the signed-in user
/// (else to sign-in), ASP.NET Core's antiforgery check on every form post, the vault named by the route (404), then every
/// <see cref="PermissionRequirement"/> of the endpoint through the same <see cref="IDataPlaneAuthorizer"/> (403 with
/// Azure's message). A refusal, here or in the Core service the endpoint calls, is answered as a page with the service's
/// status and message; the auditor records it under the user.
/// </summary>
internal sealed class PortalMiddleware(RequestDelegate next, PortalSession session, VaultResolver resolver, IDataPlaneAuthorizer authorizer,
    IAntiforgery antiforgery, CofferOptions options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<PortalEndpoint>() is null)
        {
            await next(context);
            return;
        }

        var user = await session.ReadAsync(context);
        if (user is null)
        {
            if (HttpMethods.IsGet(context.Request.Method))
            {
                context.Response.Redirect("/portal/signin?returnUrl=" + Uri.EscapeDataString(context.Request.Path + context.Request.QueryString));
                return;
            }

            await PortalResults.Message(StatusCodes.Status401Unauthorized, "Signed out", "Your session has ended. Sign in again, then repeat the action.")
                .ExecuteAsync(context);
            return;
        }

        context.Features.Set(user);
        context.Features.Set(user.Caller); // the audit log's principal
        context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", user.Caller.ObjectId)], "coffer-portal"));
        try
        {
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
            {
                await antiforgery.ValidateRequestAsync(context);
            }

            await AuthorizeVaultAsync(context, user);
            await next(context);
        }
        catch (KeyVaultException e) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await PortalResults.Message(e.Status, PortalText.Refusal(e.Status), $"{e.Code}: {e.Message}").ExecuteAsync(context);
        }
        catch (AntiforgeryValidationException) when (!context.Response.HasStarted)
        {
            await PortalResults.Message(StatusCodes.Status400BadRequest, "Form expired",
                "The form was not sent by this site's page, or it has expired. Reload the page and try again; nothing was changed.").ExecuteAsync(context);
        }
    }

    private async Task AuthorizeVaultAsync(HttpContext context, PortalUser user)
    {
        if (context.Request.RouteValues["vault"] is not string name)
        {
            return;
        }

        var vault = await resolver.GetAsync(name, context.RequestAborted) ?? throw KeyVaultErrors.VaultNotFound(name);
        var port = options.Port == 443 ? string.Empty : $":{options.Port}";
        var requestVault = new RequestVault(vault, user.Caller, ApiVersions.Latest, $"https://{vault.Name}.{options.DnsSuffix}{port}");
        context.Features.Set(requestVault);
        var objectPath = context.Request.RouteValues["name"] is string objectName && context.GetEndpoint()!.Metadata.GetMetadata<PortalObjectKind>() is { } kind
            ? $"{kind.Kind.Collection()}/{objectName}"
            : null;
        foreach (var requirement in context.GetEndpoint()!.Metadata.GetOrderedMetadata<PermissionRequirement>())
        {
            await authorizer.AuthorizeAsync(requestVault, requirement, objectPath, context.RequestAborted);
        }
    }
}
