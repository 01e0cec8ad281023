namespace Coffer.Core.Management;

/// <summary>
/// Told after a vault's existence, settings, access policies or role assignments changed, or after a key object was
/// written, so what caches them can let go.
/// </summary>
public interface IVaultChangeObserver
{
    void VaultChanged(string vault);

    /// <summary>The key <paramref name="name"/> of <paramref name="vault"/> was written: a version added or updated, deleted, recovered, purged or restored.</summary>
    void KeyChanged(string vault, string name);

    /// <summary>Changes may have been missed (a change feed reconnected): forget every vault and key.</summary>
    void AllVaultsChanged();
}
