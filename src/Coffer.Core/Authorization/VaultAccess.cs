namespace Coffer.Core.Authorization;

/// <summary>
/// A vault's whole authorization state, loaded once and asked per request: its mode, access policies and
/// role assignments, indexed by object id so a decision is a dictionary lookup and a few pattern matches.
/// </summary>
public sealed class VaultAccess
{
    private readonly Dictionary<string, AccessPolicy[]> _policies;
    private readonly Dictionary<string, RoleDefinition[]> _roles;

    public VaultAccess(VaultAuthorizationMode mode, IReadOnlyList<AccessPolicy> policies, IReadOnlyList<RoleAssignment> assignments)
    {
        Mode = mode;
        Policies = policies;
        Assignments = assignments;
        _policies = policies.GroupBy(p => p.ObjectId, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.OrdinalIgnoreCase);
        _roles = assignments.GroupBy(a => a.PrincipalId, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(a => BuiltInRoles.FindById(a.RoleDefinitionId)).OfType<RoleDefinition>().ToArray(),
                StringComparer.OrdinalIgnoreCase);
    }

    public VaultAuthorizationMode Mode { get; }

    public IReadOnlyList<AccessPolicy> Policies { get; }

    public IReadOnlyList<RoleAssignment> Assignments { get; }

    /// <summary>Whether an access-policy entry of the caller's tenant and object id grants the permission.</summary>
    public bool PolicyAllows(string tenantId, string objectId, string area, string permission)
    {
        if (!_policies.TryGetValue(objectId, out var entries))
        {
            return false;
        }

        foreach (var policy in entries)
        {
            if (string.Equals(policy.TenantId, tenantId, StringComparison.OrdinalIgnoreCase)
                && (area == DataPlanePermissions.VaultArea ? !policy.IsEmpty : policy.Grants(area, permission)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a role assigned to the principal allows the data action.</summary>
    public bool RbacAllows(string objectId, string dataAction)
    {
        if (!_roles.TryGetValue(objectId, out var roles))
        {
            return false;
        }

        foreach (var role in roles)
        {
            if (dataAction == DataPlanePermissions.AnyAccessDataAction ? role.DataActions.Count > 0 : role.Allows(dataAction))
            {
                return true;
            }
        }

        return false;
    }
}
