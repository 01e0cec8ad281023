namespace Coffer.Core.Management;

/// <summary>
/// What the management services fill in and protect: the deployment's tenant and subscription, the location and
/// retention a vault gets when none is given, the default vault and client (never deleted), and the built-in
/// authority (never named as an external issuer).
/// </summary>
public sealed record ManagementDefaults(
    string TenantId,
    string SubscriptionId,
    string Location,
    int RetentionDays,
    string DefaultVaultName,
    string DefaultClientId,
    string BuiltInAuthority);
