using Coffer.Core.Authorization;
using Coffer.Core.Errors;

namespace Coffer.Server.Authorization;

/// <summary>
/// An access policy entry in ARM's shape, <c>{"tenantId","objectId","permissions":{"keys":[],"secrets":[],"certificates":[]}}</c>,
/// plus Coffer's <c>issuer</c>: omitted for principals of the built-in authority, an external issuer's <c>iss</c> otherwise.
/// </summary>
public sealed record AccessPolicyEntry(string? TenantId, string? ObjectId, AccessPolicyPermissionLists? Permissions, string? Issuer = null)
{
    public static AccessPolicyEntry From(AccessPolicy policy) =>
        new(policy.TenantId, policy.ObjectId, new AccessPolicyPermissionLists(policy.Keys, policy.Secrets, policy.Certificates), policy.Issuer);

    /// <summary>The entry checked and in Azure's spelling; a missing list stays null (400 for an unknown permission, no object id or a bad issuer).</summary>
    internal (string TenantId, string ObjectId, string? Issuer, IReadOnlyList<string>? Keys, IReadOnlyList<string>? Secrets, IReadOnlyList<string>? Certificates) Normalize(
        PrincipalDefaults defaults)
    {
        if (string.IsNullOrWhiteSpace(ObjectId))
        {
            throw KeyVaultErrors.BadParameter("Each access policy needs an objectId.");
        }

        return ((TenantId ?? defaults.TenantId).ToLowerInvariant(), ObjectId.Trim().ToLowerInvariant(), defaults.ExternalIssuer(Issuer),
            AccessPolicyPermissions.Normalize(AccessPolicyPermissions.KeysArea, Permissions?.Keys),
            AccessPolicyPermissions.Normalize(AccessPolicyPermissions.SecretsArea, Permissions?.Secrets),
            AccessPolicyPermissions.Normalize(AccessPolicyPermissions.CertificatesArea, Permissions?.Certificates));
    }
}

public sealed record AccessPolicyPermissionLists(IReadOnlyList<string>? Keys, IReadOnlyList<string>? Secrets, IReadOnlyList<string>? Certificates);

/// <summary>ARM's <c>{"properties":{"accessPolicies":[…]}}</c>, the body and answer of <c>PUT …/accessPolicies/{add|replace|remove}</c>.</summary>
public sealed record AccessPolicyUpdate(AccessPolicyUpdateProperties? Properties);

public sealed record AccessPolicyUpdateProperties(IReadOnlyList<AccessPolicyEntry>? AccessPolicies);
