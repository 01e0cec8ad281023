namespace Coffer.Server.Vaults;

/// <summary>Body of <c>POST /_coffer/vaults</c>; omitted members take the deployment's defaults.</summary>
public sealed record VaultCreateParameters(
    string? Name,
    string? Location,
    string? SubscriptionId,
    string? TenantId,
    int? SoftDeleteRetentionInDays,
    bool? EnablePurgeProtection);

public sealed record VaultDescription(
    string Name,
    string VaultUri,
    string TenantId,
    string SubscriptionId,
    string Location,
    string Geography,
    int SoftDeleteRetentionInDays,
    bool EnablePurgeProtection,
    long CreatedOn);

public sealed record VaultList(IReadOnlyList<VaultDescription> Value);
