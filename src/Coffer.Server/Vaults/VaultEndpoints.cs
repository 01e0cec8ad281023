using Coffer.Core.Authorization;
using Coffer.Core.Management;
using Coffer.Core.Vaults;
using Coffer.Server.Auth;
using Coffer.Server.Authorization;
using Coffer.Server.Hosting;
using Coffer.Server.Wire;

namespace Coffer.Server.Vaults;

/// <summary>The management API: create, list, show, update (authorization mode) and delete vaults, through <see cref="VaultManagement"/>. Admins only.</summary>
internal static class VaultEndpoints
{
    public const string Prefix = "/_coffer/vaults";

    public static void MapVaults(this IEndpointRouteBuilder routes)
    {
        var vaults = routes.MapGroup(Prefix).WithMetadata(AdminEndpoint.Instance);
        vaults.MapGet("/", ListAsync);
        vaults.MapPost("/", CreateAsync);
        vaults.MapGet("/{name}", GetAsync);
        vaults.MapPatch("/{name}", UpdateAsync);
        vaults.MapDelete("/{name}", DeleteAsync);
    }

    private static async Task<IResult> ListAsync(VaultManagement management, VaultAccessCache access, CofferOptions options, CancellationToken cancellationToken)
    {
        var vaults = await management.ListAsync(cancellationToken);
        var described = new List<VaultDescription>(vaults.Count);
        foreach (var vault in vaults)
        {
            described.Add(Describe(vault, await access.GetAsync(vault.Name, cancellationToken), options));
        }

        return TypedResults.Json(new VaultList(described), WireJsonContext.Default.VaultList);
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, VaultManagement management, VaultAccessCache access, CofferOptions options)
    {
        var body = await RequestJson.ReadAsync(request, WireJsonContext.Default.VaultCreateParameters);
        var caller = request.HttpContext.Features.Get<CallerIdentity>()!;
        var vault = await management.CreateAsync(body.ToCreation(), caller.Principal, request.HttpContext.RequestAborted);
        request.HttpContext.Features.Get<Audit.AuditScope>()?.Describe(vault.Name, null);
        var created = await access.GetAsync(vault.Name, request.HttpContext.RequestAborted);
        return TypedResults.Json(Describe(vault, created, options), WireJsonContext.Default.VaultDescription, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetAsync(string name, VaultManagement management, VaultAccessCache access, CofferOptions options, CancellationToken cancellationToken)
    {
        var vault = await management.GetAsync(name, cancellationToken);
        return TypedResults.Json(Describe(vault, await access.GetAsync(name, cancellationToken), options), WireJsonContext.Default.VaultDescription);
    }

    private static async Task<IResult> UpdateAsync(string name, HttpRequest request, VaultManagement management, VaultAccessCache access, CofferOptions options)
    {
        var body = await RequestJson.ReadAsync(request, WireJsonContext.Default.VaultUpdateParameters);
        var cancellationToken = request.HttpContext.RequestAborted;
        if (body.EnableRbacAuthorization is { } rbac)
        {
            await management.SetAuthorizationModeAsync(name, rbac ? VaultAuthorizationMode.Rbac : VaultAuthorizationMode.AccessPolicies, cancellationToken);
        }

        return await GetAsync(name, management, access, options, cancellationToken);
    }

    private static async Task<IResult> DeleteAsync(string name, VaultManagement management, CancellationToken cancellationToken)
    {
        await management.DeleteAsync(name, cancellationToken);
        return TypedResults.NoContent();
    }

    public static string VaultUri(string vault, CofferOptions options) => $"https://{vault}.{options.DnsSuffix}:{options.Port}";

    public static VaultDescription Describe(Vault vault, VaultAccess access, CofferOptions options) => new(
        vault.Name,
        VaultUri(vault.Name, options),
        vault.TenantId,
        vault.SubscriptionId,
        vault.Location,
        vault.Geography,
        vault.SoftDeleteRetentionDays,
        vault.PurgeProtection,
        vault.CreatedOn.ToUnixTimeSeconds(),
        access.Mode == VaultAuthorizationMode.Rbac,
        access.Policies.Select(AccessPolicyEntry.From).ToList());
}
