using Coffer.Core.Errors;
using Coffer.Core.Storage;
using Coffer.Server.Auth;
using Coffer.Server.Hosting;

namespace Coffer.Server.Vaults;

/// <summary>Management endpoints need a valid token of an admin client (the default client is one) from the built-in authority.</summary>
internal sealed class AdminMiddleware(RequestDelegate next, BearerChallenge bearer, Deployment deployment, IClientStore clients)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<AdminEndpoint>() is not null)
        {
            var caller = await bearer.AuthenticateAsync(context, deployment.TenantId);
            if (!await IsAdminAsync(caller, clients, context.RequestAborted))
            {
                throw KeyVaultErrors.Forbidden($"The caller {caller.ObjectId} is not a Coffer administrator.", "AccessDenied");
            }

            context.Features.Set(caller);
        }

        await next(context);
    }

    /// <summary>Whether <paramref name="caller"/> is an admin client of the built-in authority (the management API's and Resource Manager's rule).</summary>
    public static async Task<bool> IsAdminAsync(CallerIdentity caller, IClientStore clients, CancellationToken cancellationToken)
    {
        var client = !caller.IsBuiltIn || caller.ApplicationId is null ? null : await clients.FindAsync(caller.ApplicationId, cancellationToken);
        return client is { IsAdmin: true } && client.ObjectId == caller.ObjectId;
    }
}
