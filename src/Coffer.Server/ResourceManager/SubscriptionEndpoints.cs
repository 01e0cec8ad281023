using Coffer.Core.Vaults;

namespace Coffer.Server.ResourceManager;

/// <summary>
/// Resource Manager's tenant-level and subscription-level reads that <c>az login</c>, <c>az account</c> and
/// <c>az keyvault list|show</c> make: tenants, subscriptions, resource groups and the generic resource list.
/// </summary>
internal static class SubscriptionEndpoints
{
    private const string ResourceGroupType = "Microsoft.Resources/resourceGroups";

    public static void MapSubscriptions(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/tenants", Tenants).WithMetadata(new ResourceManagerEndpoint("Microsoft.Resources/tenants/read", "tenant"));
        var subscriptions = routes.MapGroup("/subscriptions");
        subscriptions.MapGet("/", ListAsync).WithMetadata(new ResourceManagerEndpoint("Microsoft.Resources/subscriptions/read", "subscription"));
        subscriptions.MapGet("/{subscriptionId}", GetAsync).WithMetadata(new ResourceManagerEndpoint("Microsoft.Resources/subscriptions/read", "subscription"));
        subscriptions.MapGet("/{subscriptionId}/resourcegroups", ListResourceGroupsAsync)
            .WithMetadata(new ResourceManagerEndpoint("Microsoft.Resources/subscriptions/resourceGroups/read", "resourcegroup"));
        subscriptions.MapGet("/{subscriptionId}/resourcegroups/{resourceGroup}", GetResourceGroupAsync)
            .WithMetadata(new ResourceManagerEndpoint("Microsoft.Resources/subscriptions/resourceGroups/read", "resourcegroup"));
        subscriptions.MapGet("/{subscriptionId}/resources", ListResourcesAsync)
            .WithMetadata(new ResourceManagerEndpoint("Microsoft.Resources/subscriptions/resources/read", "resource"));
    }

    private static IResult Tenants(SubscriptionDirectory directory) =>
        TypedResults.Json(new ResourceList<TenantResource>([new TenantResource($"/tenants/{directory.TenantId}", directory.TenantId, "Home", "Coffer")]),
            ResourceManagerJsonContext.Default.ResourceListTenantResource);

    private static async Task<IResult> ListAsync(SubscriptionDirectory directory, CancellationToken cancellationToken) =>
        TypedResults.Json(new ResourceList<SubscriptionResource>((await directory.ListAsync(cancellationToken)).Select(s => Describe(s, directory)).ToList()),
            ResourceManagerJsonContext.Default.ResourceListSubscriptionResource);

    private static async Task<IResult> GetAsync(string subscriptionId, SubscriptionDirectory directory, CancellationToken cancellationToken)
    {
        var known = (await directory.ListAsync(cancellationToken)).FirstOrDefault(s => string.Equals(s, subscriptionId, StringComparison.OrdinalIgnoreCase))
            ?? throw ResourceManagerErrors.SubscriptionNotFound(subscriptionId);
        return TypedResults.Json(Describe(known, directory), ResourceManagerJsonContext.Default.SubscriptionResource);
    }

    private static async Task<IResult> ListResourceGroupsAsync(string subscriptionId, SubscriptionDirectory directory, CancellationToken cancellationToken)
    {
        await directory.VaultsOfAsync(subscriptionId, cancellationToken);
        return TypedResults.Json(new ResourceList<ResourceGroupResource>([DescribeResourceGroup(subscriptionId, directory)]),
            ResourceManagerJsonContext.Default.ResourceListResourceGroupResource);
    }

    private static async Task<IResult> GetResourceGroupAsync(string subscriptionId, string resourceGroup, SubscriptionDirectory directory, CancellationToken cancellationToken)
    {
        await directory.CheckAsync(subscriptionId, resourceGroup, cancellationToken);
        return TypedResults.Json(DescribeResourceGroup(subscriptionId, directory), ResourceManagerJsonContext.Default.ResourceGroupResource);
    }

    /// <summary>
    /// Vaults are the only resources Coffer has: no <c>$filter</c> or <c>resourceType eq 'Microsoft.KeyVault/vaults'</c>
    /// lists them (azure-mgmt-keyvault's <c>vaults.list()</c>, which az uses to find a vault's resource group); another
    /// type lists nothing; any other filter is 400.
    /// </summary>
    private static async Task<IResult> ListResourcesAsync(string subscriptionId, HttpRequest request, SubscriptionDirectory directory, CancellationToken cancellationToken)
    {
        var vaults = await directory.VaultsOfAsync(subscriptionId, cancellationToken);
        var type = ResourceTypeFilter.Parse(request.Query["$filter"].ToString());
        var top = int.TryParse(request.Query["$top"], out var t) && t > 0 ? t : int.MaxValue;
        IReadOnlyList<GenericResource> resources = type is null || string.Equals(type, VaultResourceEndpoints.VaultType, StringComparison.OrdinalIgnoreCase)
            ? vaults.Take(top).Select(v => new GenericResource(SubscriptionDirectory.VaultId(v), v.Name, VaultResourceEndpoints.VaultType, v.Location, NoTags)).ToList()
            : [];
        return TypedResults.Json(new ResourceList<GenericResource>(resources), ResourceManagerJsonContext.Default.ResourceListGenericResource);
    }

    internal static readonly IReadOnlyDictionary<string, string> NoTags = new Dictionary<string, string>();

    private static SubscriptionResource Describe(string subscriptionId, SubscriptionDirectory directory) => new(
        SubscriptionDirectory.SubscriptionId(subscriptionId), subscriptionId, directory.TenantId, $"Coffer ({subscriptionId})", "Enabled",
        new SubscriptionPolicies("Public_2014-09-01", "Coffer", "Off"), "RoleBased", []);

    private static ResourceGroupResource DescribeResourceGroup(string subscriptionId, SubscriptionDirectory directory) => new(
        SubscriptionDirectory.ResourceGroupId(subscriptionId), Vault.ResourceGroup, ResourceGroupType, directory.Location, new ResourceGroupProperties("Succeeded"));
}
