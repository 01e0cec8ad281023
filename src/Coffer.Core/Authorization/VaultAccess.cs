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
    public bool PolicyAllows(string tenantId, string objectId, string area, string permission) =>
        _policies.TryGetValue(objectId, out var entries)
        && entries.Any(p => string.Equals(p.TenantId, tenantId, StringComparison.OrdinalIgnoreCase)
            && (area == DataPlanePermissions.VaultArea ? !p.IsEmpty : p.Grants(area, permission)));

    /// <summary>Whether a role assigned to the principal allows the data action.</summary>
    public bool RbacAllows(string objectId, string dataAction) =>
        _roles.TryGetValue(objectId, out var roles)
        && (dataAction == DataPlanePermissions.AnyAccessDataAction ? roles.Any(r => r.DataActions.Count > 0) : roles.Any(r => r.Allows(dataAction)));
}
