using Coffer.Server.Vaults;

namespace Coffer.Server.Authorization;

/// <summary>
/// Decides whether the caller may perform an operation on the vault. The one place per-vault access
/// policies and RBAC plug in (issue 7); throws a 403 <see cref="Core.Errors.KeyVaultException"/> when denied.
/// </summary>
public interface IDataPlaneAuthorizer
{
    ValueTask AuthorizeAsync(RequestVault vault, PermissionRequirement permission, CancellationToken cancellationToken);
}
