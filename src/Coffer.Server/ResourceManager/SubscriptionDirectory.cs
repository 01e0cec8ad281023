using Coffer.Core.Management;
using Coffer.Core.Vaults;

namespace Coffer.Server.ResourceManager;

/// <summary>
/// The subscriptions and resource groups Resource Manager shows. Coffer keeps neither as objects of their own: a
/// subscription exists when it is the deployment's or a vault's, and each has one resource group,
/// <see cref="Vault.ResourceGroup"/>, holding its vaults. Vault names stay unique across subscriptions, as in Azure.
/// </summary>
internal sealed class SubscriptionDirectory(VaultManagement vaults, ManagementDefaults defaults)
{
    public string TenantId => defaults.TenantId;

    public string Location => defaults.Location;

    /// <summary>The deployment's subscription first, then those only vaults name, in order.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken) =>
        [defaults.SubscriptionId, .. (await vaults.ListAsync(cancellationToken)).Select(v => v.SubscriptionId)
            .Where(s => !string.Equals(s, defaults.SubscriptionId, StringComparison.OrdinalIgnoreCase)).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>The subscription's vaults; 404 <c>SubscriptionNotFound</c> for a subscription Coffer does not know.</summary>
    public async Task<IReadOnlyList<Vault>> VaultsOfAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        var all = await vaults.ListAsync(cancellationToken);
        var inSubscription = all.Where(v => string.Equals(v.SubscriptionId, subscriptionId, StringComparison.OrdinalIgnoreCase)).ToList();
        return inSubscription.Count > 0 || string.Equals(subscriptionId, defaults.SubscriptionId, StringComparison.OrdinalIgnoreCase)
            ? inSubscription
            : throw ResourceManagerErrors.SubscriptionNotFound(subscriptionId);
    }

    /// <summary>404 <c>SubscriptionNotFound</c> or <c>ResourceGroupNotFound</c> unless both exist.</summary>
    public async Task CheckAsync(string subscriptionId, string resourceGroup, CancellationToken cancellationToken)
    {
        await VaultsOfAsync(subscriptionId, cancellationToken);
        CheckResourceGroup(resourceGroup);
    }

    public static void CheckResourceGroup(string resourceGroup)
    {
        if (!string.Equals(resourceGroup, Vault.ResourceGroup, StringComparison.OrdinalIgnoreCase))
        {
            throw ResourceManagerErrors.ResourceGroupNotFound(resourceGroup);
        }
    }

    /// <summary>The vault under this subscription, or 404 <c>ResourceNotFound</c> (also when it belongs to another subscription).</summary>
    public async Task<Vault> FindVaultAsync(string subscriptionId, string resourceGroup, string name, CancellationToken cancellationToken)
    {
        await CheckAsync(subscriptionId, resourceGroup, cancellationToken);
        var vault = await FindAnyAsync(name, cancellationToken);
        return vault is not null && string.Equals(vault.SubscriptionId, subscriptionId, StringComparison.OrdinalIgnoreCase)
            ? vault
            : throw ResourceManagerErrors.VaultNotFound(resourceGroup, name);
    }

    /// <summary>The vault of that name in any subscription, or null.</summary>
    public async Task<Vault?> FindAnyAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await vaults.GetAsync(name, cancellationToken);
        }
        catch (Core.Errors.KeyVaultException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public static string SubscriptionId(string subscriptionId) => $"/subscriptions/{subscriptionId}";

    public static string ResourceGroupId(string subscriptionId) => $"/subscriptions/{subscriptionId}/resourceGroups/{Vault.ResourceGroup}";

    public static string VaultId(Vault vault) => $"{ResourceGroupId(vault.SubscriptionId)}/providers/Microsoft.KeyVault/vaults/{vault.Name}";
}
