namespace Coffer.Client.Management;

/// <summary>
/// An access policy entry in ARM's shape; a null permission list means "not given" (kept by replace, entry dropped by remove).
/// <paramref name="Issuer"/> names an external issuer's principal (its <c>iss</c>); null is a Coffer client.
/// </summary>
public sealed record AccessPolicyInfo(string? TenantId, string ObjectId, AccessPolicyPermissionsInfo? Permissions, string? Issuer = null);

public sealed record AccessPolicyPermissionsInfo(IReadOnlyList<string>? Keys, IReadOnlyList<string>? Secrets, IReadOnlyList<string>? Certificates);

internal sealed record AccessPolicyUpdateRequest(AccessPolicyUpdateProperties Properties);

internal sealed record AccessPolicyUpdateProperties(IReadOnlyList<AccessPolicyInfo> AccessPolicies);
