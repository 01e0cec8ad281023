using System.Globalization;
using Coffer.Core.Authorization;
using Coffer.Core.Errors;
using Coffer.Core.Events;
using Coffer.Core.Storage;
using Coffer.Core.Vaults;

namespace Coffer.Core.Management;

/// <summary>
/// Vaults as the management API, the CLI and any other surface change them: create (the creator's access policy when
/// none are given), authorization mode, delete (never the default vault). Every change is announced to
/// <see cref="IVaultChangeObserver"/>.
/// </summary>
public sealed class VaultManagement(
    IVaultStore vaults, IVaultAccessStore access, IEventStore events, IVaultChangeObserver changes, ManagementDefaults defaults, TimeProvider time)
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

    /// <summary>
    /// Resource Manager's PUT: creates the vault (exactly the access policies given, none when none are), or brings an
    /// existing one to the request — its authorization mode, and the access policies of Coffer's own principals, which
    /// the given list replaces (entries of external issuers are kept: ARM's entries cannot name an issuer). Location,
    /// tenant, retention and purge protection are set at creation; a request that changes one is 400.
    /// </summary>
    public async Task<(Vault Vault, bool Created)> CreateOrUpdateAsync(VaultCreation request, Principal creator, CancellationToken cancellationToken)
    {
        if (await vaults.GetAsync(request.Name, cancellationToken) is not { } existing)
        {
            return (await CreateAsync(request with { AccessPolicies = request.AccessPolicies ?? [] }, creator, cancellationToken), true);
        }

        var fixedProblems = new List<string>();
        AddIfChanged(fixedProblems, "location", request.Location, existing.Location);
        AddIfChanged(fixedProblems, "tenantId", request.TenantId, existing.TenantId);
        AddIfChanged(fixedProblems, "softDeleteRetentionInDays", request.SoftDeleteRetentionInDays?.ToString(CultureInfo.InvariantCulture),
            existing.SoftDeleteRetentionDays.ToString(CultureInfo.InvariantCulture));
        AddIfChanged(fixedProblems, "enablePurgeProtection", request.EnablePurgeProtection?.ToString(), existing.PurgeProtection.ToString());
        if (fixedProblems.Count > 0)
        {
            throw KeyVaultErrors.BadParameter($"Vault {existing.Name}: {string.Join(" ", fixedProblems)}");
        }

        var ownPolicies = request.AccessPolicies is { } given ? AccessPolicyChanges.Replace([], given, PrincipalsOf(existing)) : null;
        if (ownPolicies?.FirstOrDefault(p => p.Issuer is not null) is { } external)
        {
            throw KeyVaultErrors.BadParameter($"The access policy of {external.ObjectId} names an issuer: change external principals' entries with accessPolicies/add|replace|remove.");
        }

        if (request.EnableRbacAuthorization is { } rbac && !await access.SetModeAsync(existing.Name,
                rbac ? VaultAuthorizationMode.Rbac : VaultAuthorizationMode.AccessPolicies, cancellationToken))
        {
            throw KeyVaultErrors.VaultNotFound(existing.Name);
        }

        if (ownPolicies is not null
            && await access.UpdatePoliciesAsync(existing.Name, current => [.. current.Where(p => p.Issuer is not null), .. ownPolicies], cancellationToken) is null)
        {
            throw KeyVaultErrors.VaultNotFound(existing.Name);
        }

        if (ownPolicies is not null)
        {
            await RaisePolicyChangedAsync(existing.Name, cancellationToken);
        }

        changes.VaultChanged(existing.Name);
        return (await GetAsync(existing.Name, cancellationToken), false);
    }

    /// <summary>
    /// Raises <see cref="VaultEventType.VaultAccessPolicyChanged"/> once the change has committed, in its own transaction:
    /// the policy store's writes take a function of the current list and are shared by surfaces that raise no event.
    /// </summary>
    public Task RaisePolicyChangedAsync(string vault, CancellationToken cancellationToken) =>
        events.RaiseAsync(VaultEvent.ForVault(VaultEventType.VaultAccessPolicyChanged, vault, time.GetUtcNow()), once: false, cancellationToken);

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

    private static void AddIfChanged(List<string> problems, string property, string? requested, string current)
    {
        if (requested is not null && !string.Equals(requested, current, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"{property} is {current} and cannot be changed to {requested}.");
        }
    }

    /// <summary>How entries in <paramref name="vault"/> name principals: its tenant by default, no issuer for Coffer's own.</summary>
    public PrincipalDefaults PrincipalsOf(Vault vault) => new(vault.TenantId, defaults.BuiltInAuthority);
}
