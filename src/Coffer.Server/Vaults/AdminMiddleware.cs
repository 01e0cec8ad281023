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
            var client = !caller.IsBuiltIn || caller.ApplicationId is null ? null : await clients.FindAsync(caller.ApplicationId, context.RequestAborted);
            if (client is not { IsAdmin: true } || client.ObjectId != caller.ObjectId)
            {
                throw KeyVaultErrors.Forbidden($"The caller {caller.ObjectId} is not a Coffer administrator.", "AccessDenied");
            }

            context.Features.Set(caller);
        }

        await next(context);
    }
}
