using Coffer.Server.Vaults;

namespace Coffer.Server.Authorization;

/// <summary>
/// Until per-vault access policies and RBAC exist, any authenticated principal of the vault's tenant
/// may do everything (the bearer check has already enforced the tenant). Replaced by the policy/RBAC
/// authorizer; every endpoint that carries <see cref="PermissionRequirement"/> is then enforced.
/// </summary>
internal sealed class TenantMemberAuthorizer : IDataPlaneAuthorizer
{
    public ValueTask AuthorizeAsync(RequestVault vault, PermissionRequirement permission, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
