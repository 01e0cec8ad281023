namespace Coffer.Core.Vaults;

/// <summary>A vault: the unit of naming, tenancy, retention and authorization.</summary>
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

    /// <summary>
    /// The one resource group of every subscription, in Resource Manager ids and RBAC scopes: Coffer keeps no resource
    /// groups, so each vault is addressed under this one.
    /// </summary>
    public const string ResourceGroup = "coffer";

    public string Geography => Geographies.Of(Location);

    /// <summary>Access policies (the default, as Azure's <c>enableRbacAuthorization: false</c>) or RBAC.</summary>
    public Authorization.VaultAuthorizationMode AuthorizationMode { get; init; }

    /// <summary>A new vault, checked against Azure's rules; 400 BadParameter listing what is wrong.</summary>
    public static Vault Create(string name, string tenantId, string subscriptionId, string location, int retentionDays, bool purgeProtection, DateTimeOffset now)
    {
        var problems = new List<string>();
        if (!VaultNames.IsValid(name))
        {
            problems.Add($"The vault name '{name}' is invalid: use 3-24 letters, digits and single hyphens, starting with a letter.");
        }

        if (!Geographies.IsKnown(location))
        {
            problems.Add($"The location '{location}' is not a known Azure region.");
        }

        if (retentionDays is < MinRetentionDays or > MaxRetentionDays)
        {
            problems.Add($"softDeleteRetentionInDays must be {MinRetentionDays}-{MaxRetentionDays}; got {retentionDays}.");
        }

        if (!Guid.TryParse(tenantId, out _) || !Guid.TryParse(subscriptionId, out _))
        {
            problems.Add("tenantId and subscriptionId must be GUIDs.");
        }

        if (problems.Count > 0)
        {
            throw Errors.KeyVaultErrors.BadParameter(string.Join(" ", problems));
        }

        return new Vault(name.ToLowerInvariant(), tenantId.ToLowerInvariant(), subscriptionId.ToLowerInvariant(),
            location.ToLowerInvariant(), retentionDays, purgeProtection, now);
    }

    /// <summary>The <c>recoveryLevel</c> attribute Azure reports for objects of this vault.</summary>
    public string RecoveryLevel => (PurgeProtection, SoftDeleteRetentionDays < MaxRetentionDays) switch
    {
        (true, true) => "CustomizedRecoverable",
        (true, false) => "Recoverable",
        (false, true) => "CustomizedRecoverable+Purgeable",
        (false, false) => "Recoverable+Purgeable",
    };
}
