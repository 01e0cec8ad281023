using Coffer.Core.Authorization;

namespace Coffer.Core.Storage;

/// <summary>Per-vault authorization state: the mode, access policies and role assignments.</summary>
public interface IVaultAccessStore
{
    /// <summary>The vault's mode, policies and assignments read together; null when there is no such vault.</summary>
    Task<VaultAccess?> GetAsync(string vault, CancellationToken cancellationToken);

    /// <summary>False when there is no such vault.</summary>
    Task<bool> SetModeAsync(string vault, VaultAuthorizationMode mode, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the vault's access policies with what <paramref name="change"/> makes of the current ones, in one
    /// write transaction; returns the new list, or null when there is no such vault.
    /// </summary>
    Task<IReadOnlyList<AccessPolicy>?> UpdatePoliciesAsync(string vault, Func<IReadOnlyList<AccessPolicy>, IReadOnlyList<AccessPolicy>> change, CancellationToken cancellationToken);

    /// <summary>False when an assignment with this id exists (in any vault).</summary>
    Task<bool> CreateAssignmentAsync(string vault, RoleAssignment assignment, CancellationToken cancellationToken);

    Task<bool> DeleteAssignmentAsync(string vault, string id, CancellationToken cancellationToken);
}
