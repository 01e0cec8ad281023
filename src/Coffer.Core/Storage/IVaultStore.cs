using Coffer.Core.Authorization;
using Coffer.Core.Vaults;

namespace Coffer.Core.Storage;

public interface IVaultStore
{
    /// <summary>Creates a vault; false when the name is taken.</summary>
    Task<bool> CreateAsync(Vault vault, CancellationToken cancellationToken);

    /// <summary>Creates a vault with its first access policies, in one transaction; false when the name is taken.</summary>
    Task<bool> CreateAsync(Vault vault, IReadOnlyList<AccessPolicy> accessPolicies, CancellationToken cancellationToken);

    Task<Vault?> GetAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<Vault>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Deletes a vault and every object in it.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken);
}
