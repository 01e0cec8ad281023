using Coffer.Core.Management;
using Coffer.Server.Authorization;

namespace Coffer.Server.Vaults;

/// <summary>Lets this node's vault caches (the resolver's vaults, the authorizer's access state) go of a vault that changed.</summary>
internal sealed class VaultCacheInvalidation(VaultResolver resolver, VaultAccessCache access) : IVaultChangeObserver
{
    public void VaultChanged(string vault)
    {
        resolver.Invalidate(vault);
        access.Invalidate(vault);
    }
}
