using Coffer.Core.Authorization;
using Coffer.Core.Errors;
using Coffer.Core.Management;
using Coffer.Core.Vaults;
using Coffer.Server.Auth;
using Coffer.Server.Authorization;
using Coffer.Server.Hosting;
using Coffer.Server.Wire;

namespace Coffer.Server.ResourceManager;

/// <summary>
/// <c>Microsoft.KeyVault/vaults</c> under Resource Manager: PUT (create or update), GET, list, DELETE, access policy
/// changes, name checks and deleted vaults (none: Coffer deletes vaults for good) — every change through
/// <see cref="VaultManagement"/> and <see cref="VaultAccessManagement"/>, the services behind <c>/_coffer/vaults</c>.
/// </summary>
internal static class VaultResourceEndpoints
{
    public const string VaultType = "Microsoft.KeyVault/vaults";
    private const string Provider = "/providers/Microsoft.KeyVault";

    public static void MapVaultResources(this IEndpointRouteBuilder routes)
    {
        var subscription = routes.MapGroup("/subscriptions/{subscriptionId}").AddEndpointFilter(TranslateCoreErrorsAsync);
        subscription.MapGet(Provider + "/vaults", ListAsync).WithMetadata(Action("vaults/read"));
        subscription.MapPost(Provider + "/checkNameAvailability", CheckNameAsync).WithMetadata(Action("checkNameAvailability/read"));
        subscription.MapGet(Provider + "/deletedVaults", ListDeletedAsync).WithMetadata(Action("deletedVaults/read"));
        subscription.MapGet(Provider + "/locations/{location}/deletedVaults/{name}", GetDeleted).WithMetadata(Action("deletedVaults/read"));
        subscription.MapPost(Provider + "/locations/{location}/deletedVaults/{name}/purge", GetDeleted).WithMetadata(Action("locations/deletedVaults/purge/action"));

        var vaults = subscription.MapGroup("/resourcegroups/{resourceGroup}" + Provider + "/vaults");
        vaults.MapGet("/", ListInResourceGroupAsync).WithMetadata(Action("vaults/read"));
        vaults.MapGet("/{name}", GetAsync).WithMetadata(Action("vaults/read"));
        vaults.MapPut("/{name}", PutAsync).WithMetadata(Action("vaults/write"));
        vaults.MapDelete("/{name}", DeleteAsync).WithMetadata(Action("vaults/delete"));
        vaults.MapPut("/{name}/accessPolicies/{kind}", UpdatePoliciesAsync).WithMetadata(Action("vaults/accessPolicies/write"));
    }

    private static ResourceManagerEndpoint Action(string action) => new($"Microsoft.KeyVault/{action}", "vault", ResourceManagerEndpoint.VaultApiVersion);

    private static async Task<IResult> ListAsync(string subscriptionId, SubscriptionDirectory directory, VaultAccessCache access, CofferOptions options,
        CancellationToken cancellationToken) =>
        await DescribeAllAsync(await directory.VaultsOfAsync(subscriptionId, cancellationToken), access, options, cancellationToken);

    private static async Task<IResult> ListInResourceGroupAsync(string subscriptionId, string resourceGroup, SubscriptionDirectory directory,
        VaultAccessCache access, CofferOptions options, CancellationToken cancellationToken)
    {
        SubscriptionDirectory.CheckResourceGroup(resourceGroup);
        return await DescribeAllAsync(await directory.VaultsOfAsync(subscriptionId, cancellationToken), access, options, cancellationToken);
    }

    private static async Task<IResult> GetAsync(string subscriptionId, string resourceGroup, string name, SubscriptionDirectory directory,
        VaultAccessCache access, CofferOptions options, CancellationToken cancellationToken)
    {
        var vault = await directory.FindVaultAsync(subscriptionId, resourceGroup, name, cancellationToken);
        return TypedResults.Json(Describe(vault, await access.GetAsync(vault.Name, cancellationToken), options), ResourceManagerJsonContext.Default.ArmVault);
    }

    /// <summary>201 with the new vault, 200 with the updated one; 409 <c>VaultAlreadyExists</c> when another subscription has the name.</summary>
    private static async Task<IResult> PutAsync(string subscriptionId, string resourceGroup, string name, HttpRequest request,
        SubscriptionDirectory directory, VaultManagement management, VaultAccessCache access, CofferOptions options)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        await directory.CheckAsync(subscriptionId, resourceGroup, cancellationToken);
        var body = await RequestJson.ReadAsync(request, ResourceManagerJsonContext.Default.ArmVault);
        var creation = VaultResourceRequest.ToCreation(name, subscriptionId, body);
        if (await directory.FindAnyAsync(name, cancellationToken) is { } other && !string.Equals(other.SubscriptionId, subscriptionId, StringComparison.OrdinalIgnoreCase))
        {
            throw VaultAlreadyExists(name);
        }

        var caller = request.HttpContext.Features.Get<CallerIdentity>()!;
        var (vault, created) = await management.CreateOrUpdateAsync(creation, caller.Principal, cancellationToken);
        return TypedResults.Json(Describe(vault, await access.GetAsync(vault.Name, cancellationToken), options), ResourceManagerJsonContext.Default.ArmVault,
            statusCode: created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    /// <summary>200 once deleted (with everything in it, for good); 204 when there was no such vault, as ARM answers.</summary>
    private static async Task<IResult> DeleteAsync(string subscriptionId, string resourceGroup, string name, SubscriptionDirectory directory,
        VaultManagement management, CancellationToken cancellationToken)
    {
        try
        {
            await management.DeleteAsync((await directory.FindVaultAsync(subscriptionId, resourceGroup, name, cancellationToken)).Name, cancellationToken);
            return TypedResults.Ok();
        }
        catch (KeyVaultException e) when (e is { Status: 404, Code: "ResourceNotFound" or "VaultNotFound" })
        {
            return TypedResults.NoContent();
        }
    }

    private static async Task<IResult> UpdatePoliciesAsync(string subscriptionId, string resourceGroup, string name, string kind, HttpRequest request,
        SubscriptionDirectory directory, VaultAccessManagement management)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var vault = await directory.FindVaultAsync(subscriptionId, resourceGroup, name, cancellationToken);
        var body = await RequestJson.ReadAsync(request, ResourceManagerJsonContext.Default.VaultAccessPolicyParameters);
        var entries = body.Properties?.AccessPolicies ?? throw ResourceManagerErrors.BadRequest("properties.accessPolicies is required.");
        if (entries.Any(e => !string.IsNullOrEmpty(e.ApplicationId)))
        {
            throw ResourceManagerErrors.BadRequest("Not supported: accessPolicies[].applicationId: compound identities are not supported.");
        }

        var policies = await management.UpdatePoliciesAsync(vault.Name, kind, entries.Select(e => e.ToChange()).ToList(), cancellationToken);
        return TypedResults.Json(new VaultAccessPolicyParameters($"{SubscriptionDirectory.VaultId(vault)}/accessPolicies/{kind.ToLowerInvariant()}",
                kind.ToLowerInvariant(), VaultType + "/accessPolicies", vault.Location, new VaultAccessPolicyProperties(OwnPolicies(policies))),
            ResourceManagerJsonContext.Default.VaultAccessPolicyParameters);
    }

    private static async Task<IResult> CheckNameAsync(string subscriptionId, HttpRequest request, SubscriptionDirectory directory)
    {
        await directory.VaultsOfAsync(subscriptionId, request.HttpContext.RequestAborted);
        var body = await RequestJson.ReadAsync(request, ResourceManagerJsonContext.Default.CheckNameAvailabilityParameters);
        if (!string.Equals(body.Type, VaultType, StringComparison.OrdinalIgnoreCase))
        {
            throw ResourceManagerErrors.BadRequest($"type must be '{VaultType}'.");
        }

        var result = !VaultNames.IsValid(body.Name)
            ? new CheckNameAvailabilityResult(false, "AccountNameInvalid",
                $"Vault name '{body.Name}' is invalid: use 3-24 letters, digits and single hyphens, starting with a letter and ending with a letter or digit.")
            : await directory.FindAnyAsync(body.Name!, request.HttpContext.RequestAborted) is not null
                ? new CheckNameAvailabilityResult(false, "AlreadyExists", $"The vault name '{body.Name}' is already in use.")
                : new CheckNameAvailabilityResult(true);
        return TypedResults.Json(result, ResourceManagerJsonContext.Default.CheckNameAvailabilityResult);
    }

    private static async Task<IResult> ListDeletedAsync(string subscriptionId, SubscriptionDirectory directory, CancellationToken cancellationToken)
    {
        await directory.VaultsOfAsync(subscriptionId, cancellationToken);
        return TypedResults.Json(new ResourceList<ArmVault>([]), ResourceManagerJsonContext.Default.ResourceListArmVault);
    }

    private static IResult GetDeleted(string name) => throw ResourceManagerErrors.DeletedVaultNotFound(name);

    private static async Task<IResult> DescribeAllAsync(IReadOnlyList<Vault> vaults, VaultAccessCache access, CofferOptions options, CancellationToken cancellationToken)
    {
        var described = new List<ArmVault>(vaults.Count);
        foreach (var vault in vaults)
        {
            described.Add(Describe(vault, await access.GetAsync(vault.Name, cancellationToken), options));
        }

        return TypedResults.Json(new ResourceList<ArmVault>(described), ResourceManagerJsonContext.Default.ResourceListArmVault);
    }

    /// <summary>
    /// Every Coffer vault takes HSM key types, so its sku reads premium whatever a PUT named. Access policies are those of
    /// Coffer's own principals: ARM's entries cannot name an external issuer, and one sent back without it would name another principal.
    /// </summary>
    private static ArmVault Describe(Vault vault, VaultAccess access, CofferOptions options) => new(
        SubscriptionDirectory.VaultId(vault), vault.Name, VaultType, vault.Location, SubscriptionEndpoints.NoTags,
        new ArmVaultProperties(vault.TenantId, new VaultSku("A", "premium"), OwnPolicies(access.Policies),
            VaultUri: $"https://{vault.Name}.{options.DnsSuffix}:{options.Port}/",
            EnabledForDeployment: false, EnabledForDiskEncryption: false, EnabledForTemplateDeployment: false,
            EnableSoftDelete: true, SoftDeleteRetentionInDays: vault.SoftDeleteRetentionDays,
            EnableRbacAuthorization: access.Mode == VaultAuthorizationMode.Rbac, EnablePurgeProtection: vault.PurgeProtection,
            NetworkAcls: new VaultNetworkRuleSet("AzureServices", "Allow", [], []), PublicNetworkAccess: "Enabled", ProvisioningState: "Succeeded"));

    private static List<VaultAccessPolicyEntry> OwnPolicies(IReadOnlyList<AccessPolicy> policies) =>
        policies.Where(p => p.Issuer is null).Select(VaultAccessPolicyEntry.From).ToList();

    private static KeyVaultException VaultAlreadyExists(string name) => new(409, "VaultAlreadyExists",
        $"The vault name '{name}' is already in use. Vault names are globally unique so it is possible that the name is already taken.");

    /// <summary>Core's errors in ARM's words (a missing vault is <c>ResourceNotFound</c>, a bad parameter <c>BadRequest</c>).</summary>
    private static async ValueTask<object?> TranslateCoreErrorsAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (KeyVaultException e)
        {
            var route = context.HttpContext.Request.RouteValues;
            throw ResourceManagerErrors.Translate(e, route["resourceGroup"] as string ?? Vault.ResourceGroup, route["name"] as string);
        }
    }
}
