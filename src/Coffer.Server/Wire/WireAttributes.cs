using Coffer.Core;
using Coffer.Core.Vaults;

namespace Coffer.Server.Wire;

/// <summary>
/// The <c>attributes</c> object of every bundle and item. Times are Unix seconds. Requests carry only
/// enabled/nbf/exp (and exportable for keys); responses carry them all.
/// </summary>
public sealed record WireAttributes(
    bool? Enabled = null,
    long? Nbf = null,
    long? Exp = null,
    long? Created = null,
    long? Updated = null,
    string? RecoveryLevel = null,
    int? RecoverableDays = null,
    bool? Exportable = null)
{
    public static WireAttributes From(ObjectVersion version, Vault vault) => new(
        version.Attributes.Enabled,
        version.Attributes.NotBefore?.ToUnixTimeSeconds(),
        version.Attributes.Expires?.ToUnixTimeSeconds(),
        version.Created.ToUnixTimeSeconds(),
        version.Updated.ToUnixTimeSeconds(),
        vault.RecoveryLevel,
        vault.SoftDeleteRetentionDays);

    /// <summary>Attributes of a new version: enabled unless said otherwise.</summary>
    public static ObjectAttributes ToNew(WireAttributes? attributes) => new(
        attributes?.Enabled ?? true, FromUnix(attributes?.Nbf), FromUnix(attributes?.Exp));

    public static DateTimeOffset? FromUnix(long? seconds)
    {
        if (seconds is not { } s)
        {
            return null;
        }

        if (s < 0 || s > 253402300799)
        {
            throw Core.Errors.KeyVaultErrors.BadParameter($"The time {s} is out of range.");
        }

        return DateTimeOffset.FromUnixTimeSeconds(s);
    }
}
