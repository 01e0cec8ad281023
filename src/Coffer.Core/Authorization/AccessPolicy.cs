namespace Coffer.Core.Authorization;

/// <summary>
/// One access policy entry of a vault: what a principal (tenant, object id, issuer) may do with keys, secrets and
/// certificates. <see cref="Issuer"/> is null for principals of the built-in authority and an external issuer's
/// <c>iss</c> otherwise: the entry matches only tokens of that issuer, so no issuer can act as another's principal.
/// </summary>
public sealed record AccessPolicy(
    string TenantId,
    string ObjectId,
    IReadOnlyList<string> Keys,
    IReadOnlyList<string> Secrets,
    IReadOnlyList<string> Certificates,
    string? Issuer = null)
{
    public IReadOnlyList<string> PermissionsOf(string area) => area switch
    {
        AccessPolicyPermissions.KeysArea => Keys,
        AccessPolicyPermissions.SecretsArea => Secrets,
        AccessPolicyPermissions.CertificatesArea => Certificates,
        _ => [],
    };

    public bool IsEmpty => Keys.Count == 0 && Secrets.Count == 0 && Certificates.Count == 0;

    /// <summary>Whether this entry grants <paramref name="permission"/> in <paramref name="area"/>; <c>manageissuers</c> covers every issuer permission, as in Azure.</summary>
    public bool Grants(string area, string permission)
    {
        var permissions = PermissionsOf(area);
        for (var i = 0; i < permissions.Count; i++)
        {
            var granted = permissions[i];
            if (string.Equals(granted, permission, StringComparison.OrdinalIgnoreCase)
                || (area == AccessPolicyPermissions.CertificatesArea && granted == "manageissuers" && AccessPolicyPermissions.IsIssuerPermission(permission)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every permission of the three areas (what the portal gives a vault's creator).</summary>
    public static AccessPolicy All(string tenantId, string objectId, string? issuer) => new(tenantId, objectId,
        AccessPolicyPermissions.Keys, AccessPolicyPermissions.Secrets, AccessPolicyPermissions.Certificates, issuer);

    /// <summary>Whether this entry names the principal <paramref name="objectId"/> of <paramref name="issuer"/> (null: the built-in authority).</summary>
    public bool Names(string objectId, string? issuer) =>
        string.Equals(ObjectId, objectId, StringComparison.OrdinalIgnoreCase) && string.Equals(Issuer, issuer, StringComparison.Ordinal);
}
