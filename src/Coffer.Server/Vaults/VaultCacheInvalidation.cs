using Coffer.Core.Keys;
using Coffer.Core.Management;
using Coffer.Server.Authorization;

namespace Coffer.Server.Vaults;

/// <summary>
/// Lets this node's caches (the resolver's vaults, the authorizer's access state, the imported key objects) go of a vault
/// or key that changed: told by this node's services at once (management, and <see cref="ObservedObjectStore"/> for key
/// writes), and by the database's change feed for every node's changes (<see cref="VaultChangeListener"/>).
/// </summary>
internal sealed class VaultCacheInvalidation(VaultResolver resolver, VaultAccessCache access, KeyObjectCache keyObjects) : IVaultChangeObserver
{
    public void VaultChanged(string vault)
    {
        resolver.Invalidate(vault);
        access.Invalidate(vault);
        keyObjects.EvictVault(vault);
    }

    public void KeyChanged(string vault, string name) => keyObjects.Evict(vault, name);

    public void AllVaultsChanged()
    {
        resolver.InvalidateAll();
        access.InvalidateAll();
        keyObjects.EvictAll();
    }
}
