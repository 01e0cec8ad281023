using Coffer.Server.Vaults;

namespace Coffer.Server.Authorization;

/// <summary>
/// Decides whether the caller may perform an operation on the vault; throws a 403 <see cref="Core.Errors.KeyVaultException"/>
/// when denied. <paramref name="objectPath"/> is the addressed object (<c>secrets/db-password</c>) or null for the vault itself.
/// </summary>
public interface IDataPlaneAuthorizer
{
    ValueTask AuthorizeAsync(RequestVault vault, PermissionRequirement permission, string? objectPath, CancellationToken cancellationToken);
}
