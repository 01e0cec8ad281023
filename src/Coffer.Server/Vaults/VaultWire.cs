using Coffer.Core.Management;
using Coffer.Server.Authorization;

namespace Coffer.Server.Vaults;

/// <summary>
/// Body of <c>POST /_coffer/vaults</c>; omitted members take the deployment's defaults. Without
/// <c>accessPolicies</c> an access-policy vault gives its creator every permission, as the portal does.
/// </summary>
public sealed record VaultCreateParameters(
    string? Name,
    string? Location,
    string? SubscriptionId,
    string? TenantId,
    int? SoftDeleteRetentionInDays,
    bool? EnablePurgeProtection,
    bool? EnableRbacAuthorization = null,
    IReadOnlyList<AccessPolicyEntry>? AccessPolicies = null)
{
    public VaultCreation ToCreation() => new(Name ?? string.Empty, TenantId, SubscriptionId, Location, SoftDeleteRetentionInDays, EnablePurgeProtection,
        EnableRbacAuthorization, AccessPolicies?.Select(p => p.ToChange()).ToList());
}

/// <summary>Body of <c>PATCH /_coffer/vaults/{name}</c>.</summary>
public sealed record VaultUpdateParameters(bool? EnableRbacAuthorization);

public sealed record VaultDescription(
    string Name,
    string VaultUri,
    string TenantId,
    string SubscriptionId,
    string Location,
    string Geography,
    int SoftDeleteRetentionInDays,
    bool EnablePurgeProtection,
    long CreatedOn,
    bool EnableRbacAuthorization = false,
    IReadOnlyList<AccessPolicyEntry>? AccessPolicies = null);

public sealed record VaultList(IReadOnlyList<VaultDescription> Value);
