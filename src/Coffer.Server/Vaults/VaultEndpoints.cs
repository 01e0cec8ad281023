using Coffer.Core.Authorization;
using Coffer.Core.Errors;
using Coffer.Core.Storage;
using Coffer.Core.Vaults;
using Coffer.Server.Auth;
using Coffer.Server.Authorization;
using Coffer.Server.Hosting;
using Coffer.Server.Wire;

namespace Coffer.Server.Vaults;

/// <summary>The management API: create, list, show, update (authorization mode) and delete vaults. Admins only.</summary>
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

    private static async Task<IResult> ListAsync(IVaultStore store, VaultAccessCache access, CofferOptions options, CancellationToken cancellationToken)
    {
        var vaults = await store.ListAsync(cancellationToken);
        var described = new List<VaultDescription>(vaults.Count);
        foreach (var vault in vaults)
        {
            described.Add(Describe(vault, await access.GetAsync(vault.Name, cancellationToken), options));
        }

        return TypedResults.Json(new VaultList(described), WireJsonContext.Default.VaultList);
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, IVaultStore store, Deployment deployment, CofferOptions options,
        VaultResolver resolver, VaultAccessCache access, TimeProvider time)
    {
        var body = await RequestJson.ReadAsync(request, WireJsonContext.Default.VaultCreateParameters);
        var mode = body.EnableRbacAuthorization == true ? VaultAuthorizationMode.Rbac : VaultAuthorizationMode.AccessPolicies;
        var vault = Vault.Create(
            body.Name ?? string.Empty,
            body.TenantId ?? deployment.TenantId,
            body.SubscriptionId ?? deployment.SubscriptionId,
            body.Location ?? options.DefaultLocation,
            body.SoftDeleteRetentionInDays ?? options.DefaultRetentionDays,
            body.EnablePurgeProtection ?? false,
            time.GetUtcNow()) with { AuthorizationMode = mode };
        var caller = request.HttpContext.Features.Get<CallerIdentity>()!;
        IReadOnlyList<AccessPolicy> policies = body.AccessPolicies is { } given
            ? AccessPolicyChanges.Replace([], given, new PrincipalDefaults(vault.TenantId, options.Authority))
            : mode == VaultAuthorizationMode.AccessPolicies ? [AccessPolicy.All(caller.TenantId, caller.ObjectId, caller.Issuer)] : [];
        if (!await store.CreateAsync(vault, policies, request.HttpContext.RequestAborted))
        {
            throw new KeyVaultException(409, "VaultAlreadyExists", $"A vault named {vault.Name} already exists.");
        }

        resolver.Invalidate(vault.Name);
        access.Invalidate(vault.Name);
        request.HttpContext.Features.Get<Audit.AuditScope>()?.Describe(vault.Name, null);
        var created = await access.GetAsync(vault.Name, request.HttpContext.RequestAborted);
        return TypedResults.Json(Describe(vault, created, options), WireJsonContext.Default.VaultDescription, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetAsync(string name, IVaultStore store, VaultAccessCache access, CofferOptions options, CancellationToken cancellationToken)
    {
        var vault = await store.GetAsync(name, cancellationToken) ?? throw KeyVaultErrors.VaultNotFound(name);
        return TypedResults.Json(Describe(vault, await access.GetAsync(name, cancellationToken), options), WireJsonContext.Default.VaultDescription);
    }

    private static async Task<IResult> UpdateAsync(string name, HttpRequest request, IVaultStore store, IVaultAccessStore accessStore,
        VaultAccessCache access, VaultResolver resolver, CofferOptions options)
    {
        var body = await RequestJson.ReadAsync(request, WireJsonContext.Default.VaultUpdateParameters);
        var cancellationToken = request.HttpContext.RequestAborted;
        if (body.EnableRbacAuthorization is { } rbac
            && !await accessStore.SetModeAsync(name, rbac ? VaultAuthorizationMode.Rbac : VaultAuthorizationMode.AccessPolicies, cancellationToken))
        {
            throw KeyVaultErrors.VaultNotFound(name);
        }

        access.Invalidate(name);
        resolver.Invalidate(name);
        return await GetAsync(name, store, access, options, cancellationToken);
    }

    private static async Task<IResult> DeleteAsync(string name, IVaultStore store, Deployment deployment, VaultResolver resolver, VaultAccessCache access, CancellationToken cancellationToken)
    {
        if (string.Equals(name, deployment.DefaultVaultName, StringComparison.OrdinalIgnoreCase))
        {
            throw new KeyVaultException(409, "Conflict", $"{name} is the default vault and cannot be deleted.");
        }

        if (!await store.DeleteAsync(name, cancellationToken))
        {
            throw KeyVaultErrors.VaultNotFound(name);
        }

        resolver.Invalidate(name);
        access.Invalidate(name);
        return TypedResults.NoContent();
    }

    public static VaultDescription Describe(Vault vault, VaultAccess access, CofferOptions options) => new(
        vault.Name,
        $"https://{vault.Name}.{options.DnsSuffix}:{options.Port}",
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
