using Coffer.Core.Management;
using Coffer.Server.Authorization;

namespace Coffer.Server.Vaults;

/// <summary>
/// Lets this node's vault caches (the resolver's vaults, the authorizer's access state) go of a vault that changed: told
/// by this node's management services at once, and by the database's change feed for every node's changes
/// (<see cref="VaultChangeListener"/>).
/// </summary>
internal sealed class VaultCacheInvalidation(VaultResolver resolver, VaultAccessCache access) : IVaultChangeObserver
{
    public void VaultChanged(string vault)
    {
        resolver.Invalidate(vault);
        access.Invalidate(vault);
    }

    public void AllVaultsChanged()
    {
        resolver.InvalidateAll();
        access.InvalidateAll();
    }
}
