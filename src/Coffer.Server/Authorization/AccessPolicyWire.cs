using Coffer.Core.Authorization;

namespace Coffer.Server.Authorization;

/// <summary>
/// An access policy entry in ARM's shape, <c>{"tenantId","objectId","permissions":{"keys":[],"secrets":[],"certificates":[]}}</c>,
/// plus Coffer's <c>issuer</c>: omitted for principals of the built-in authority, an external issuer's <c>iss</c> otherwise.
/// </summary>
public sealed record AccessPolicyEntry(string? TenantId, string? ObjectId, AccessPolicyPermissionLists? Permissions, string? Issuer = null)
{
    public static AccessPolicyEntry From(AccessPolicy policy) =>
        new(policy.TenantId, policy.ObjectId, new AccessPolicyPermissionLists(policy.Keys, policy.Secrets, policy.Certificates), policy.Issuer);

    public AccessPolicyChange ToChange() => new(TenantId, ObjectId, Permissions?.Keys, Permissions?.Secrets, Permissions?.Certificates, Issuer);
}

public sealed record AccessPolicyPermissionLists(IReadOnlyList<string>? Keys, IReadOnlyList<string>? Secrets, IReadOnlyList<string>? Certificates);

/// <summary>ARM's <c>{"properties":{"accessPolicies":[…]}}</c>, the body and answer of <c>PUT …/accessPolicies/{add|replace|remove}</c>.</summary>
public sealed record AccessPolicyUpdate(AccessPolicyUpdateProperties? Properties);

public sealed record AccessPolicyUpdateProperties(IReadOnlyList<AccessPolicyEntry>? AccessPolicies);
