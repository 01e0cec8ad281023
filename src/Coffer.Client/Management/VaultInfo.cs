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
    long CreatedOn);

public sealed record VaultCreateRequest(
    string Name,
    string? Location = null,
    string? SubscriptionId = null,
    string? TenantId = null,
    int? SoftDeleteRetentionInDays = null,
    bool? EnablePurgeProtection = null);

internal sealed record VaultListResponse(IReadOnlyList<VaultInfo> Value);
