namespace Coffer.Core.Management;

/// <summary>Told after a vault's existence, settings, access policies or role assignments changed, so what caches them can let go.</summary>
public interface IVaultChangeObserver
{
    void VaultChanged(string vault);

    /// <summary>Changes may have been missed (a change feed reconnected): forget every vault.</summary>
    void AllVaultsChanged();
}
