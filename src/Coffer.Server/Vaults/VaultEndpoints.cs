using Coffer.Core.Errors;
using Coffer.Core.Storage;
using Coffer.Core.Vaults;
using Coffer.Server.Hosting;
using Coffer.Server.Wire;

namespace Coffer.Server.Vaults;

/// <summary>The management API: create, list, show and delete vaults. Admins only.</summary>
internal static class VaultEndpoints
{
    public const string Prefix = "/_coffer/vaults";

    public static void MapVaults(this IEndpointRouteBuilder routes)
    {
        var vaults = routes.MapGroup(Prefix).WithMetadata(AdminEndpoint.Instance);
        vaults.MapGet("/", ListAsync);
        vaults.MapPost("/", CreateAsync);
        vaults.MapGet("/{name}", GetAsync);
        vaults.MapDelete("/{name}", DeleteAsync);
    }

    private static async Task<IResult> ListAsync(IVaultStore store, CofferOptions options, CancellationToken cancellationToken)
    {
        var vaults = await store.ListAsync(cancellationToken);
        return TypedResults.Json(new VaultList(vaults.Select(v => Describe(v, options)).ToList()), WireJsonContext.Default.VaultList);
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, IVaultStore store, Deployment deployment, CofferOptions options, VaultResolver resolver, TimeProvider time)
    {
        var body = await RequestJson.ReadAsync(request, WireJsonContext.Default.VaultCreateParameters);
        var vault = Vault.Create(
            body.Name ?? string.Empty,
            body.TenantId ?? deployment.TenantId,
            body.SubscriptionId ?? deployment.SubscriptionId,
            body.Location ?? options.DefaultLocation,
            body.SoftDeleteRetentionInDays ?? options.DefaultRetentionDays,
            body.EnablePurgeProtection ?? false,
            time.GetUtcNow());
        if (!await store.CreateAsync(vault, request.HttpContext.RequestAborted))
        {
            throw new KeyVaultException(409, "VaultAlreadyExists", $"A vault named {vault.Name} already exists.");
        }

        resolver.Invalidate(vault.Name);
        request.HttpContext.Features.Get<Audit.AuditScope>()?.Describe(vault.Name, null);
        return TypedResults.Json(Describe(vault, options), WireJsonContext.Default.VaultDescription, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetAsync(string name, IVaultStore store, CofferOptions options, CancellationToken cancellationToken)
    {
        var vault = await store.GetAsync(name, cancellationToken) ?? throw KeyVaultErrors.VaultNotFound(name);
        return TypedResults.Json(Describe(vault, options), WireJsonContext.Default.VaultDescription);
    }

    private static async Task<IResult> DeleteAsync(string name, IVaultStore store, Deployment deployment, VaultResolver resolver, CancellationToken cancellationToken)
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
        return TypedResults.NoContent();
    }

    public static VaultDescription Describe(Vault vault, CofferOptions options) => new(
        vault.Name,
        $"https://{vault.Name}.{options.DnsSuffix}:{options.Port}",
        vault.TenantId,
        vault.SubscriptionId,
        vault.Location,
        vault.Geography,
        vault.SoftDeleteRetentionDays,
        vault.PurgeProtection,
        vault.CreatedOn.ToUnixTimeSeconds());
}
