using Coffer.Core.Management;

namespace Coffer.Server.ResourceManager;

/// <summary>
/// Reads a <c>PUT …/vaults/{name}</c> body into a <see cref="VaultCreation"/>. ARM requires location, tenantId and sku;
/// what Coffer does not keep (tags, network rules, the enabledFor* grants, recover mode) is accepted only when it asks
/// for nothing, so a request is never answered as done with part of it dropped.
/// </summary>
internal static class VaultResourceRequest
{
    public static VaultCreation ToCreation(string name, string subscriptionId, ArmVault body)
    {
        var properties = body.Properties ?? throw ResourceManagerErrors.BadRequest("The request body needs 'properties'.");
        var location = string.IsNullOrWhiteSpace(body.Location)
            ? throw new Core.Errors.KeyVaultException(400, "LocationRequired", "The location property is required for this definition.")
            : body.Location.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(properties.TenantId))
        {
            problems.Add("properties.tenantId is required.");
        }

        if (properties.Sku is not { Family: var family, Name: var sku } || !string.Equals(family, "A", StringComparison.OrdinalIgnoreCase)
            || sku is null || !(sku.Equals("standard", StringComparison.OrdinalIgnoreCase) || sku.Equals("premium", StringComparison.OrdinalIgnoreCase)))
        {
            problems.Add("properties.sku must be {\"family\":\"A\",\"name\":\"standard\"|\"premium\"}.");
        }

        Refuse(problems, body.Tags is { Count: > 0 }, "tags: Coffer keeps no tags on vaults.");
        Refuse(problems, properties.EnabledForDeployment == true, "enabledForDeployment: Coffer serves no virtual machines.");
        Refuse(problems, properties.EnabledForDiskEncryption == true, "enabledForDiskEncryption: Coffer serves no disk encryption.");
        Refuse(problems, properties.EnabledForTemplateDeployment == true, "enabledForTemplateDeployment: Coffer runs no templates.");
        Refuse(problems, properties.EnableSoftDelete == false, "enableSoftDelete false: soft delete is always on, as in Azure.");
        Refuse(problems, properties.CreateMode is { } mode && !mode.Equals("default", StringComparison.OrdinalIgnoreCase),
            "createMode recover: Coffer keeps no deleted vaults.");
        Refuse(problems, properties.NetworkAcls is { } acls && (string.Equals(acls.DefaultAction, "Deny", StringComparison.OrdinalIgnoreCase)
            || acls.IpRules is { Count: > 0 } || acls.VirtualNetworkRules is { Count: > 0 }), "networkAcls: Coffer has no network rules; only defaultAction Allow.");
        Refuse(problems, string.Equals(properties.PublicNetworkAccess, "Disabled", StringComparison.OrdinalIgnoreCase),
            "publicNetworkAccess Disabled: Coffer has no private endpoints.");
        Refuse(problems, properties.AccessPolicies?.Any(p => !string.IsNullOrEmpty(p.ApplicationId)) == true,
            "accessPolicies[].applicationId: compound identities are not supported.");
        if (problems.Count > 0)
        {
            throw ResourceManagerErrors.BadRequest($"Vault {name}: {string.Join(" ", problems)}");
        }

        return new VaultCreation(name, properties.TenantId, subscriptionId, location, properties.SoftDeleteRetentionInDays, properties.EnablePurgeProtection,
            properties.EnableRbacAuthorization, properties.AccessPolicies?.Select(p => p.ToChange()).ToList());
    }

    private static void Refuse(List<string> problems, bool refused, string problem)
    {
        if (refused)
        {
            problems.Add("Not supported: " + problem);
        }
    }
}
