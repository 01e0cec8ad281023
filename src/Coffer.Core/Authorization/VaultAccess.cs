namespace Coffer.Core.Authorization;

/// <summary>
/// A vault's whole authorization state, loaded once and asked per request: its mode, access policies and
/// role assignments, indexed by object id so a decision is a dictionary lookup and a few pattern matches.
/// A principal is its object id and its issuer (null: the built-in authority); an entry matches only both.
/// </summary>
public sealed class VaultAccess
{
    private readonly Dictionary<string, AccessPolicy[]> _policies;
    private readonly Dictionary<string, (string? Issuer, RoleDefinition Role)[]> _roles;

    public VaultAccess(VaultAuthorizationMode mode, IReadOnlyList<AccessPolicy> policies, IReadOnlyList<RoleAssignment> assignments)
    {
        Mode = mode;
        Policies = policies;
        Assignments = assignments;
        _policies = policies.GroupBy(p => p.ObjectId, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.OrdinalIgnoreCase);
        _roles = assignments.GroupBy(a => a.PrincipalId, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(
                g => g.Key,
                g => g.Select(a => (a.PrincipalIssuer, Role: BuiltInRoles.FindById(a.RoleDefinitionId)))
                    .Where(r => r.Role is not null).Select(r => (r.PrincipalIssuer, r.Role!)).ToArray(),
                StringComparer.OrdinalIgnoreCase);
    }

    public VaultAuthorizationMode Mode { get; }

    public IReadOnlyList<AccessPolicy> Policies { get; }

    public IReadOnlyList<RoleAssignment> Assignments { get; }

    /// <summary>Whether an access-policy entry of the caller's tenant, object id and issuer grants the permission.</summary>
    public bool PolicyAllows(string tenantId, string objectId, string? issuer, string area, string permission)
    {
        if (!_policies.TryGetValue(objectId, out var entries))
        {
            return false;
        }

        foreach (var policy in entries)
        {
            if (string.Equals(policy.TenantId, tenantId, StringComparison.OrdinalIgnoreCase)
                && string.Equals(policy.Issuer, issuer, StringComparison.Ordinal)
                && (area == DataPlanePermissions.VaultArea ? !policy.IsEmpty : policy.Grants(area, permission)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a role assigned to the principal (object id and issuer) allows the data action.</summary>
    public bool RbacAllows(string objectId, string? issuer, string dataAction)
    {
        if (!_roles.TryGetValue(objectId, out var roles))
        {
            return false;
        }

        foreach (var (principalIssuer, role) in roles)
        {
            if (string.Equals(principalIssuer, issuer, StringComparison.Ordinal)
                && (dataAction == DataPlanePermissions.AnyAccessDataAction ? role.DataActions.Count > 0 : role.Allows(dataAction)))
            {
                return true;
            }
        }

        return false;
    }
}
