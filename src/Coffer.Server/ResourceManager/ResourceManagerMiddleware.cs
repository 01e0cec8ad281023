using System.Globalization;
using Coffer.Core.Storage;
using Coffer.Server.Auth;
using Coffer.Server.Hosting;
using Coffer.Server.Vaults;

namespace Coffer.Server.ResourceManager;

/// <summary>
/// For Resource Manager endpoints, in ARM's order: a bearer token of the built-in authority for the management audience
/// (<see cref="CofferOptions.ManagementResource"/>, or <see cref="CofferOptions.GraphResource"/> for the directory; 401
/// otherwise), issued to an admin client (403 <c>AuthorizationFailed</c> otherwise), then the api-version (400).
/// </summary>
internal sealed class ResourceManagerMiddleware(RequestDelegate next, TokenIssuer issuer, CofferOptions options, VaultResource resource, IClientStore clients, TimeProvider time)
{
    private readonly ValidatedTokenCache _managementTokens = new(new TokenValidator(issuer, options, resource, externalIssuers: null, options.ManagementResource, time), time);
    private readonly ValidatedTokenCache _graphTokens = new(new TokenValidator(issuer, options, resource, externalIssuers: null, options.GraphResource, time), time);

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<ResourceManagerEndpoint>() is not { } endpoint)
        {
            await next(context);
            return;
        }

        var caller = await AuthenticateAsync(context, endpoint.Directory ? _graphTokens : _managementTokens);
        context.Features.Set(caller);
        if (!await AdminMiddleware.IsAdminAsync(caller, clients, context.RequestAborted))
        {
            throw ResourceManagerErrors.AuthorizationFailed(caller.ApplicationId, caller.ObjectId, endpoint.Action, context.Request.Path);
        }

        if (endpoint.Directory)
        {
            await next(context); // Microsoft Graph versions by path (/v1.0)
            return;
        }

        var versions = context.Request.Query["api-version"];
        if (versions.Count == 0 || string.IsNullOrEmpty(versions[0]))
        {
            throw ResourceManagerErrors.MissingApiVersion();
        }

        if (versions.Count > 1 || !IsApiVersion(versions[0]!, endpoint.MinimumApiVersion))
        {
            throw ResourceManagerErrors.InvalidApiVersion(versions.ToString(), endpoint.MinimumApiVersion);
        }

        await next(context);
    }

    private async Task<CallerIdentity> AuthenticateAsync(HttpContext context, ValidatedTokenCache tokens)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            throw Challenge(context, "The authentication failed because of missing 'Authorization' header.", ResourceManagerErrors.MissingToken());
        }

        var validation = await tokens.ValidateAsync(header[7..].Trim());
        return validation.Caller ?? throw Challenge(context, validation.Failure!, ResourceManagerErrors.InvalidToken(validation.Failure!));
    }

    private Core.Errors.KeyVaultException Challenge(HttpContext context, string description, Core.Errors.KeyVaultException error)
    {
        context.Response.Headers.WWWAuthenticate =
            $"Bearer authorization_uri=\"{options.Authority}\", error=\"invalid_token\", error_description=\"{description.Replace("\"", "'", StringComparison.Ordinal)}\"";
        return error;
    }

    /// <summary><c>yyyy-MM-dd</c>, optionally <c>-preview</c>, no older than <paramref name="minimum"/> (ISO dates order as strings).</summary>
    private static bool IsApiVersion(string version, string minimum)
    {
        var date = version.EndsWith("-preview", StringComparison.Ordinal) ? version[..^"-preview".Length] : version;
        return DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            && string.CompareOrdinal(date, minimum) >= 0;
    }
}
