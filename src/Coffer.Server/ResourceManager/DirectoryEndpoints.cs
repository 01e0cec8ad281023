using System.Text.RegularExpressions;
using Coffer.Core.Errors;
using Coffer.Core.Management;

namespace Coffer.Server.ResourceManager;

/// <summary>
/// The Microsoft Graph lookups <c>az keyvault create</c> and <c>az keyvault set-policy --spn</c> make to find a service
/// principal's object id: <c>/v1.0/me</c> (only for users, so an app token gets Graph's 400) and
/// <c>/v1.0/servicePrincipals?$filter=…</c> over Coffer's clients (<see cref="ClientManagement"/>).
/// </summary>
internal static partial class DirectoryEndpoints
{
    public static void MapDirectory(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1.0/me", Me).WithMetadata(new ResourceManagerEndpoint("microsoft.directory/users/read", "user", Directory: true));
        routes.MapGet("/v1.0/servicePrincipals", ListServicePrincipalsAsync)
            .WithMetadata(new ResourceManagerEndpoint("microsoft.directory/servicePrincipals/read", "servicePrincipal", Directory: true));
    }

    private static IResult Me() =>
        throw new KeyVaultException(400, "BadRequest", "/me request is only valid with delegated authentication flow.");

    /// <summary><c>servicePrincipalNames/any(c:c eq '{client id}')</c> or <c>appId eq '{client id}'</c>; any other filter is 400.</summary>
    private static async Task<IResult> ListServicePrincipalsAsync(HttpRequest request, ClientManagement clients)
    {
        var filter = request.Query["$filter"].ToString();
        var match = Filter().Match(filter);
        if (!match.Success)
        {
            throw new KeyVaultException(400, "Request_UnsupportedQuery",
                $"Coffer finds service principals only by servicePrincipalNames/any(c:c eq '<client id>') or appId eq '<client id>'; got '{filter}'.");
        }

        var appId = match.Groups["id"].Value;
        var found = (await clients.ListAsync(request.HttpContext.RequestAborted))
            .Where(c => string.Equals(c.ClientId, appId, StringComparison.OrdinalIgnoreCase))
            .Select(c => new ServicePrincipal(c.ObjectId, c.ClientId, c.DisplayName, [c.ClientId], "Application", true))
            .ToList();
        return TypedResults.Json(new ResourceList<ServicePrincipal>(found), ResourceManagerJsonContext.Default.ResourceListServicePrincipal);
    }

    [GeneratedRegex(@"^\s*(servicePrincipalNames/any\(\s*(?<v>\w+)\s*:\s*\k<v>\s+eq\s+'(?<id>[^']+)'\s*\)|appId\s+eq\s+'(?<id>[^']+)')\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Filter();
}
