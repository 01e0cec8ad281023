namespace Coffer.Server.ResourceManager;

/// <summary>
/// Endpoint metadata of the Resource Manager surface: the ARM action it performs (what a 403 names, and the audit log's
/// operation, as Azure's activity log names it), the kind of resource it touches, and the oldest api-version it answers.
/// <see cref="Directory"/> marks the Microsoft Graph subset: tokens for <see cref="Hosting.CofferOptions.GraphResource"/>, no api-version.
/// </summary>
internal sealed record ResourceManagerEndpoint(string Action, string ResourceKind, string MinimumApiVersion = ResourceManagerEndpoint.AnyApiVersion, bool Directory = false)
{
    public const string AnyApiVersion = "2014-04-01";

    /// <summary>The first Microsoft.KeyVault api-version with every property Coffer answers (soft delete, RBAC, purge protection).</summary>
    public const string VaultApiVersion = "2018-02-14";
}
