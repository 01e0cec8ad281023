namespace Coffer.Core.Authorization;

/// <summary>One access policy entry of a vault: what a principal (tenant, object id) may do with keys, secrets and certificates.</summary>
public sealed record AccessPolicy(
    string TenantId,
    string ObjectId,
    IReadOnlyList<string> Keys,
    IReadOnlyList<string> Secrets,
    IReadOnlyList<string> Certificates)
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
    public static AccessPolicy All(string tenantId, string objectId) => new(tenantId, objectId,
        AccessPolicyPermissions.Keys, AccessPolicyPermissions.Secrets, AccessPolicyPermissions.Certificates);
}
