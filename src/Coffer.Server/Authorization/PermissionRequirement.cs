using Coffer.Core.Authorization;

namespace Coffer.Server.Authorization;

/// <summary>
/// Endpoint metadata naming the Key Vault permission an operation needs: in access-policy terms
/// (<c>secrets</c>/<c>backup</c>, <c>keys</c>/<c>restore</c>, …) and as the RBAC data action, which by default is
/// the one <see cref="DataPlanePermissions"/> maps the permission to. An endpoint may carry several; all are checked
/// by <see cref="IDataPlaneAuthorizer"/> before the operation does anything.
/// </summary>
public sealed record PermissionRequirement(string Area, string Permission)
{
    /// <summary><c>POST /rng</c>: no object permission, only some access to the vault (a policy entry or a role with data actions).</summary>
    public static readonly PermissionRequirement AnyVaultAccess = new(DataPlanePermissions.VaultArea, DataPlanePermissions.AnyAccess);

    public string DataAction { get; init; } = DataPlanePermissions.DataActionOf(Area, Permission);

    public override string ToString() => $"{Area}/{Permission}";
}
