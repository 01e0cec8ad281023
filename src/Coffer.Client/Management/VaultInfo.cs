namespace Coffer.Client.Management;

/// <summary>A vault as Coffer's management API describes it.</summary>
public sealed record VaultInfo(
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
    IReadOnlyList<AccessPolicyInfo>? AccessPolicies = null);

public sealed record VaultCreateRequest(
    string Name,
    string? Location = null,
    string? SubscriptionId = null,
    string? TenantId = null,
    int? SoftDeleteRetentionInDays = null,
    bool? EnablePurgeProtection = null,
    bool? EnableRbacAuthorization = null,
    IReadOnlyList<AccessPolicyInfo>? AccessPolicies = null);

internal sealed record VaultUpdateRequest(bool? EnableRbacAuthorization);

internal sealed record VaultListResponse(IReadOnlyList<VaultInfo> Value);
