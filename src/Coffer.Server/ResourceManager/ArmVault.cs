using Coffer.Core.Authorization;

namespace Coffer.Server.ResourceManager;

/// <summary>
/// <c>Microsoft.KeyVault/vaults</c> as Resource Manager shows it, and the body of its PUT (members Coffer does not keep
/// are accepted only with the values that mean "off", so nothing asked for is silently dropped).
/// </summary>
public sealed record ArmVault(
    string? Id,
    string? Name,
    string? Type,
    string? Location,
    IReadOnlyDictionary<string, string>? Tags,
    ArmVaultProperties? Properties);

public sealed record ArmVaultProperties(
    string? TenantId,
    VaultSku? Sku,
    IReadOnlyList<VaultAccessPolicyEntry>? AccessPolicies,
    string? VaultUri = null,
    bool? EnabledForDeployment = null,
    bool? EnabledForDiskEncryption = null,
    bool? EnabledForTemplateDeployment = null,
    bool? EnableSoftDelete = null,
    int? SoftDeleteRetentionInDays = null,
    bool? EnableRbacAuthorization = null,
    bool? EnablePurgeProtection = null,
    string? CreateMode = null,
    VaultNetworkRuleSet? NetworkAcls = null,
    string? PublicNetworkAccess = null,
    string? ProvisioningState = null);

public sealed record VaultSku(string? Family, string? Name);

public sealed record VaultNetworkRuleSet(string? Bypass, string? DefaultAction, IReadOnlyList<System.Text.Json.JsonElement>? IpRules = null, IReadOnlyList<System.Text.Json.JsonElement>? VirtualNetworkRules = null);

/// <summary>ARM's access policy entry. It names no issuer: through Resource Manager, entries are Coffer's own principals.</summary>
public sealed record VaultAccessPolicyEntry(string? TenantId, string? ObjectId, string? ApplicationId, VaultPermissions? Permissions)
{
    public static VaultAccessPolicyEntry From(AccessPolicy policy) =>
        new(policy.TenantId, policy.ObjectId, null, new VaultPermissions(policy.Keys, policy.Secrets, policy.Certificates, []));

    public AccessPolicyChange ToChange() => new(TenantId, ObjectId, Permissions?.Keys, Permissions?.Secrets, Permissions?.Certificates);
}

/// <summary><c>storage</c> (managed storage account permissions) is accepted and not kept: Coffer manages no storage accounts.</summary>
public sealed record VaultPermissions(IReadOnlyList<string>? Keys, IReadOnlyList<string>? Secrets, IReadOnlyList<string>? Certificates, IReadOnlyList<string>? Storage);

/// <summary>Body and answer of <c>PUT …/vaults/{name}/accessPolicies/{add|replace|remove}</c>.</summary>
public sealed record VaultAccessPolicyParameters(string? Id, string? Name, string? Type, string? Location, VaultAccessPolicyProperties? Properties);

public sealed record VaultAccessPolicyProperties(IReadOnlyList<VaultAccessPolicyEntry>? AccessPolicies);
