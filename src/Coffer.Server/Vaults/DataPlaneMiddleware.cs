using Coffer.Core.Errors;
using Coffer.Server.Auth;
using Coffer.Server.Authorization;
using Coffer.Server.Hosting;

namespace Coffer.Server.Vaults;

/// <summary>
/// For data-plane endpoints, in Azure's order: the vault from the Host header (404 when unknown), then
/// the bearer token (401 challenge; before the body is read, since SDKs send the first request
/// without it), then the api-version (400), then every <see cref="PermissionRequirement"/> of the endpoint (403). An endpoint without one is a bug, never an open door.
/// </summary>
internal sealed class DataPlaneMiddleware(RequestDelegate next, VaultResolver resolver, BearerChallenge bearer, IDataPlaneAuthorizer authorizer)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<DataPlaneEndpoint>() is null)
        {
            await next(context);
            return;
        }

        var host = context.Request.Host;
        var vault = await resolver.ResolveAsync(host.Host, context.RequestAborted)
            ?? throw KeyVaultErrors.VaultNotFound(resolver.VaultNameOf(host.Host) ?? host.Host);
        var caller = await bearer.AuthenticateAsync(context, vault.TenantId);

        var apiVersion = ApiVersions.Of(context.Request.Query["api-version"]);

        var requestVault = new RequestVault(vault, caller, apiVersion!, $"{context.Request.Scheme}://{host}");
        var requirements = context.GetEndpoint()!.Metadata.GetOrderedMetadata<PermissionRequirement>();
        if (requirements.Count == 0)
        {
            throw new InvalidOperationException($"The data-plane endpoint {context.GetEndpoint()} names no permission.");
        }

        var objectPath = ObjectPath(context);
        foreach (var requirement in requirements)
        {
            await authorizer.AuthorizeAsync(requestVault, requirement, objectPath, context.RequestAborted);
        }

        context.Features.Set(requestVault);
        await next(context);
    }

    /// <summary>The addressed object as RBAC names its resource (<c>secrets/db-password</c>), or null for the vault.</summary>
    private static string? ObjectPath(HttpContext context)
    {
        if (context.Request.RouteValues["name"] is not string name)
        {
            return null;
        }

        var segments = context.Request.Path.Value!.Trim('/').Split('/');
        var at = Array.IndexOf(segments, name, 1);
        return at < 0 ? null : string.Join('/', segments[..(at + 1)]);
    }
}
