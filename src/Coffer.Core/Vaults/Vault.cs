namespace Coffer.Core.Vaults;

/// <summary>A vault: the unit of naming, tenancy, retention and (later) authorization.</summary>
public sealed record Vault(
    string Name,
    string TenantId,
    string SubscriptionId,
    string Location,
    int SoftDeleteRetentionDays,
    bool PurgeProtection,
    DateTimeOffset CreatedOn)
{
    public const int MinRetentionDays = 7;
    public const int MaxRetentionDays = 90;

    public string Geography => Geographies.Of(Location);

    /// <summary>The <c>recoveryLevel</c> attribute Azure reports for objects of this vault.</summary>
    public string RecoveryLevel => (PurgeProtection, SoftDeleteRetentionDays < MaxRetentionDays) switch
    {
        (true, true) => "CustomizedRecoverable",
        (true, false) => "Recoverable",
        (false, true) => "CustomizedRecoverable+Purgeable",
        (false, false) => "Recoverable+Purgeable",
    };
}
