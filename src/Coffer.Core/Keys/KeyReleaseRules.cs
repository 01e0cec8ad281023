using Coffer.Core.Errors;

namespace Coffer.Core.Keys;

/// <summary>
/// Azure's secure key release rules, with its messages (its SDKs' tests match them): an exportable key needs a
/// release policy, a key that is not exportable may not have one, and an immutable policy never changes.
/// </summary>
public static class KeyReleaseRules
{
    public static void ValidateNew(bool? exportable, KeyReleasePolicy? policy)
    {
        if (exportable == true && policy is null)
        {
            throw KeyVaultErrors.BadParameter("AKV.SKR.1004: Exportable keys must have release policy.");
        }

        if (exportable != true && policy is not null)
        {
            throw NotExportable();
        }
    }

    /// <summary>The policy a version has after an update that carries <paramref name="requested"/> (null: unchanged).</summary>
    public static KeyReleasePolicy? Updated(KeyProperties stored, KeyReleasePolicy? requested)
    {
        if (requested is null || requested == stored.ReleasePolicy)
        {
            return stored.ReleasePolicy;
        }

        if (stored.Exportable != true)
        {
            throw NotExportable();
        }

        return stored.ReleasePolicy?.Immutable == true
            ? throw KeyVaultErrors.BadParameter("AKV.SKR.1020: Immutable Key Release Policy cannot be modified.")
            : requested;
    }

    private static KeyVaultException NotExportable() =>
        KeyVaultErrors.BadParameter("AKV.SKR.1005: Non-exportable keys must not have release policy.");
}
