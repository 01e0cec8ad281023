using Coffer.Core.Authorization;
using Coffer.Core.Errors;
using Coffer.Core.Storage;
using Coffer.Core.Vaults;

namespace Coffer.Core.Management;

/// <summary>
/// Vaults as the management API, the CLI and any other surface change them: create (the creator's access policy when
/// none are given), authorization mode, delete (never the default vault). Every change is announced to
/// <see cref="IVaultChangeObserver"/>.
/// </summary>
public sealed class VaultManagement(IVaultStore vaults, IVaultAccessStore access, IVaultChangeObserver changes, ManagementDefaults defaults, TimeProvider time)
{
    /// <summary>400 for a bad name, location, retention or policy; 409 when the name is taken.</summary>
    public async Task<Vault> CreateAsync(VaultCreation request, Principal creator, CancellationToken cancellationToken)
    {
        var mode = request.EnableRbacAuthorization == true ? VaultAuthorizationMode.Rbac : VaultAuthorizationMode.AccessPolicies;
        var vault = Vault.Create(
            request.Name,
            request.TenantId ?? defaults.TenantId,
            request.SubscriptionId ?? defaults.SubscriptionId,
            request.Location ?? defaults.Location,
            request.SoftDeleteRetentionInDays ?? defaults.RetentionDays,
            request.EnablePurgeProtection ?? false,
            time.GetUtcNow()) with { AuthorizationMode = mode };
        IReadOnlyList<AccessPolicy> policies = request.AccessPolicies is { } given
            ? AccessPolicyChanges.Replace([], given, PrincipalsOf(vault))
            : mode == VaultAuthorizationMode.AccessPolicies ? [AccessPolicy.All(creator.TenantId, creator.ObjectId, creator.Issuer)] : [];
        if (!await vaults.CreateAsync(vault, policies, cancellationToken))
        {
            throw new KeyVaultException(409, "VaultAlreadyExists", $"A vault named {vault.Name} already exists.");
        }

        changes.VaultChanged(vault.Name);
        return vault;
    }

    public Task<IReadOnlyList<Vault>> ListAsync(CancellationToken cancellationToken) => vaults.ListAsync(cancellationToken);

    /// <summary>404 when there is no such vault.</summary>
    public async Task<Vault> GetAsync(string name, CancellationToken cancellationToken) =>
        await vaults.GetAsync(name, cancellationToken) ?? throw KeyVaultErrors.VaultNotFound(name);

    /// <summary>404 when there is no such vault.</summary>
    public async Task SetAuthorizationModeAsync(string name, VaultAuthorizationMode mode, CancellationToken cancellationToken)
    {
        if (!await access.SetModeAsync(name, mode, cancellationToken))
        {
            throw KeyVaultErrors.VaultNotFound(name);
        }

        changes.VaultChanged(name);
    }

    /// <summary>Deletes the vault and everything in it; 409 for the default vault, 404 when there is no such vault.</summary>
    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        if (string.Equals(name, defaults.DefaultVaultName, StringComparison.OrdinalIgnoreCase))
        {
            throw new KeyVaultException(409, "Conflict", $"{name} is the default vault and cannot be deleted.");
        }

        if (!await vaults.DeleteAsync(name, cancellationToken))
        {
            throw KeyVaultErrors.VaultNotFound(name);
        }

        changes.VaultChanged(name);
    }

    /// <summary>How entries in <paramref name="vault"/> name principals: its tenant by default, no issuer for Coffer's own.</summary>
    public PrincipalDefaults PrincipalsOf(Vault vault) => new(vault.TenantId, defaults.BuiltInAuthority);
}
