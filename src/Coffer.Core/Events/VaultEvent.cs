namespace Coffer.Core.Events;

/// <summary>
/// Something that happened in a vault, as every subscription to its type receives it: an object version (name, version,
/// its not-before and expiry), or for <see cref="VaultEventType.VaultAccessPolicyChanged"/> the vault itself.
/// </summary>
public sealed record VaultEvent(
    string Id,
    VaultEventType Type,
    string Vault,
    string? ObjectName,
    string? Version,
    DateTimeOffset? NotBefore,
    DateTimeOffset? Expires,
    DateTimeOffset Time)
{
    /// <summary>The new version's event, at its creation time: the first of a write's objects raises it (a certificate, not its key and secret).</summary>
    public static VaultEvent NewVersion(ObjectRef obj, ObjectVersion version) =>
        ForVersion(VaultEventTypes.NewVersionCreated(obj.Kind), obj, version.Version, version.Attributes, version.Created);

    public static VaultEvent ForVersion(VaultEventType type, ObjectRef obj, string version, ObjectAttributes attributes, DateTimeOffset time) =>
        new(Guid.NewGuid().ToString(), type, obj.Vault, obj.Name, version, attributes.NotBefore, attributes.Expires, time);

    public static VaultEvent ForVault(VaultEventType type, string vault, DateTimeOffset time) =>
        new(Guid.NewGuid().ToString(), type, vault, null, null, null, null, time);
}
