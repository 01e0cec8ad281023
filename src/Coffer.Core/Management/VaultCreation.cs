using Coffer.Core.Authorization;

namespace Coffer.Core.Management;

/// <summary>A request to create a vault; what it leaves null comes from <see cref="ManagementDefaults"/>.</summary>
public sealed record VaultCreation(
    string Name,
    string? TenantId = null,
    string? SubscriptionId = null,
    string? Location = null,
    int? SoftDeleteRetentionInDays = null,
    bool? EnablePurgeProtection = null,
    bool? EnableRbacAuthorization = null,
    IReadOnlyList<AccessPolicyChange>? AccessPolicies = null);
