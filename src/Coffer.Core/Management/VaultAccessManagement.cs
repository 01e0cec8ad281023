using Coffer.Core.Authorization;
using Coffer.Core.Errors;
using Coffer.Core.Storage;
using Coffer.Core.Vaults;

namespace Coffer.Core.Management;

/// <summary>
/// Who may do what in a vault: access policy changes (add, replace, remove, as <see cref="AccessPolicyChanges"/>) and
/// role assignments. Every change is announced to <see cref="IVaultChangeObserver"/>.
/// </summary>
public sealed class VaultAccessManagement(
    VaultManagement vaults, IVaultAccessStore store, IClientStore clients, IVaultChangeObserver changes, TimeProvider time)
{
    /// <summary>The vault's whole list after the change; 400 for a bad kind or entry, 404 for no such vault.</summary>
    public async Task<IReadOnlyList<AccessPolicy>> UpdatePoliciesAsync(string name, string kind, IReadOnlyList<AccessPolicyChange> entries, CancellationToken cancellationToken)
    {
        var principals = vaults.PrincipalsOf(await vaults.GetAsync(name, cancellationToken));
        AccessPolicyChanges.Apply(kind, [], entries, principals); // validates before the write transaction
        var updated = await store.UpdatePoliciesAsync(name, current => AccessPolicyChanges.Apply(kind, current, entries, principals), cancellationToken)
            ?? throw KeyVaultErrors.VaultNotFound(name);
        await vaults.RaisePolicyChangedAsync(name, cancellationToken);
        changes.VaultChanged(name);
        return updated;
    }

    /// <summary>
    /// Assigns a role (GUID, ARM id or name) to a principal: an object id or a Coffer client id, or with
    /// <paramref name="principalIssuer"/> that external issuer's object id. 400 for a bad id, role or principal; 409 when
    /// the principal has the role already or the id is taken; 404 for no such vault.
    /// </summary>
    public async Task<RoleAssignment> CreateAssignmentAsync(string name, string id, string? roleDefinitionId, string? principalId, string? principalIssuer,
        CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var guid))
        {
            throw KeyVaultErrors.BadParameter($"The role assignment id '{id}' must be a GUID.");
        }

        var role = (string.IsNullOrWhiteSpace(roleDefinitionId) ? null : BuiltInRoles.Find(roleDefinitionId))
            ?? throw new KeyVaultException(400, "RoleDefinitionDoesNotExist",
                $"The role definition '{roleDefinitionId}' does not exist. Roles: {string.Join(", ", BuiltInRoles.All.Select(r => r.RoleName))}.");
        if (string.IsNullOrWhiteSpace(principalId))
        {
            throw KeyVaultErrors.BadParameter("principalId is required.");
        }

        var vault = await vaults.GetAsync(name, cancellationToken);
        var issuer = vaults.PrincipalsOf(vault).ExternalIssuer(principalIssuer);
        var principal = issuer is null ? (await clients.FindAsync(principalId.Trim(), cancellationToken))?.ObjectId ?? principalId.Trim() : principalId.Trim();
        var existing = (await store.GetAsync(vault.Name, cancellationToken) ?? throw KeyVaultErrors.VaultNotFound(name)).Assignments;
        if (existing.Any(a => a.RoleDefinitionId == role.Id && string.Equals(a.PrincipalId, principal, StringComparison.OrdinalIgnoreCase) && a.PrincipalIssuer == issuer))
        {
            throw new KeyVaultException(409, "RoleAssignmentExists", $"The principal {principal} already has the role {role.RoleName} on vault {vault.Name}.");
        }

        var assignment = new RoleAssignment(guid.ToString(), role.Id, principal.ToLowerInvariant(),
            $"/subscriptions/{vault.SubscriptionId}/resourcegroups/{Vault.ResourceGroup}/providers/microsoft.keyvault/vaults/{vault.Name}", time.GetUtcNow(), issuer);
        if (!await store.CreateAssignmentAsync(vault.Name, assignment, cancellationToken))
        {
            throw new KeyVaultException(409, "RoleAssignmentExists", $"A role assignment with id {id} already exists.");
        }

        changes.VaultChanged(vault.Name);
        return assignment;
    }

    /// <summary>404 (<c>RoleAssignmentNotFound</c>) when the vault has no such assignment, or for no such vault.</summary>
    public async Task DeleteAssignmentAsync(string name, string id, CancellationToken cancellationToken)
    {
        var vault = await vaults.GetAsync(name, cancellationToken);
        if (!await store.DeleteAssignmentAsync(vault.Name, id, cancellationToken))
        {
            throw AssignmentNotFound(id);
        }

        changes.VaultChanged(vault.Name);
    }

    public static KeyVaultException AssignmentNotFound(string id) => new(404, "RoleAssignmentNotFound", $"The role assignment '{id}' is not found.");
}
