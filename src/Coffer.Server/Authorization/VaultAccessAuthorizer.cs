using Coffer.Core.Authorization;
using Coffer.Core.Errors;
using Coffer.Server.Auth;
using Coffer.Server.Vaults;

namespace Coffer.Server.Authorization;

/// <summary>
/// Enforces the vault's access policies or role assignments (whichever its mode says), answering a denial
/// with Azure's 403: innererror <c>AccessDenied</c> for policies, <c>ForbiddenByRbac</c> for RBAC, and its messages.
/// </summary>
internal sealed class VaultAccessAuthorizer(VaultAccessCache cache, TokenIssuer issuer) : IDataPlaneAuthorizer
{
    private const string PolicyHelp = "For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287";

    public async ValueTask AuthorizeAsync(RequestVault vault, PermissionRequirement permission, string? objectPath, CancellationToken cancellationToken)
    {
        var access = await cache.GetAsync(vault.Vault.Name, cancellationToken);
        var caller = vault.Caller;
        if (access.Mode == VaultAuthorizationMode.Rbac)
        {
            if (!access.RbacAllows(caller.ObjectId, caller.Issuer, permission.DataAction))
            {
                throw KeyVaultErrors.Forbidden(RbacDenial(vault, permission, objectPath), "ForbiddenByRbac");
            }
        }
        else if (!access.PolicyAllows(caller.TenantId, caller.ObjectId, caller.Issuer, permission.Area, permission.Permission))
        {
            var what = permission.Area == DataPlanePermissions.VaultArea ? "any" : $"{permission.Area} {permission.Permission}";
            throw KeyVaultErrors.Forbidden(
                $"The user, group or application '{Principal(caller)}' does not have {what} permission on key vault '{vault.Vault.Name};location={vault.Vault.Location}'. {PolicyHelp}",
                "AccessDenied");
        }
    }

    private string RbacDenial(RequestVault vault, PermissionRequirement permission, string? objectPath)
    {
        var resource = $"/subscriptions/{vault.Vault.SubscriptionId}/resourcegroups/{Core.Vaults.Vault.ResourceGroup}/providers/microsoft.keyvault/vaults/{vault.Vault.Name}"
            + (objectPath is null ? string.Empty : "/" + objectPath);
        return "Caller is not authorized to perform action on resource.\r\n"
            + "If role assignments were recently changed, please wait several minutes for role assignments to become effective.\r\n"
            + $"Caller: {Principal(vault.Caller)}\r\n"
            + $"Action: '{permission.DataAction}'\r\n"
            + $"Resource: '{resource.ToLowerInvariant()}'\r\n"
            + "Assignment: (not found)\r\n"
            + "DenyAssignmentId: null\r\n"
            + "DecisionReason: null \r\n"
            + $"Vault: {vault.Vault.Name};location={vault.Vault.Location}\r\n";
    }

    private string Principal(CallerIdentity caller) =>
        $"appid={caller.ApplicationId ?? "(none)"};oid={caller.ObjectId};iss={caller.Issuer ?? issuer.Issuer(caller.TenantId)}";
}
