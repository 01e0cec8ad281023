using Coffer.Core;
using Coffer.Core.Secrets;
using Coffer.Server.Vaults;
using Coffer.Server.Wire;

namespace Coffer.Server.Secrets;

/// <summary>Domain secrets to their wire shapes, with ids on the host and port the client used.</summary>
internal static class SecretMapper
{
    private const string Collection = "secrets";

    /// <remarks>A certificate's secret is <c>managed</c> and names the certificate's key as its <c>kid</c>.</remarks>
    public static SecretBundle Bundle(RequestVault vault, Secret secret)
    {
        var managed = SecretVersionProperties.IsManaged(secret.Version);
        return new SecretBundle(
            secret.Value,
            vault.ObjectId(Collection, secret.Name, secret.Version.Version),
            secret.Version.ContentType,
            WireAttributes.From(secret.Version, vault.Vault),
            secret.Version.Tags,
            managed ? vault.ObjectId("keys", secret.Name, secret.Version.Version) : null,
            managed ? true : null);
    }

    public static SecretBundle Bundle(RequestVault vault, ObjectEntry entry) =>
        Bundle(vault, new Secret(entry.Name, entry.Latest, null));

    public static SecretItem Item(RequestVault vault, string name, ObjectVersion version) => new(
        Id(vault, name, version),
        WireAttributes.From(version, vault.Vault),
        version.Tags,
        version.ContentType,
        SecretVersionProperties.IsManaged(version) ? true : null);

    /// <summary>Items in a listing of secrets are named without a version, as Azure does.</summary>
    public static SecretItem LatestItem(RequestVault vault, ObjectEntry entry) => Item(vault, entry.Name, entry.Latest) with
    {
        Id = $"{vault.BaseUrl}/{Collection}/{entry.Name}",
    };

    public static DeletedSecretBundle Deleted(RequestVault vault, ObjectEntry entry) => new(
        Id(vault, entry.Name, entry.Latest),
        entry.Latest.ContentType,
        WireAttributes.From(entry.Latest, vault.Vault),
        entry.Latest.Tags,
        vault.DeletedObjectId(Collection, entry.Name),
        entry.Deletion!.DeletedOn.ToUnixTimeSeconds(),
        entry.Deletion.ScheduledPurgeOn.ToUnixTimeSeconds(),
        Managed: SecretVersionProperties.IsManaged(entry.Latest) ? true : null);

    public static DeletedSecretItem DeletedItem(RequestVault vault, ObjectEntry entry) => new(
        $"{vault.BaseUrl}/{Collection}/{entry.Name}",
        WireAttributes.From(entry.Latest, vault.Vault),
        entry.Latest.Tags,
        entry.Latest.ContentType,
        vault.DeletedObjectId(Collection, entry.Name),
        entry.Deletion!.DeletedOn.ToUnixTimeSeconds(),
        entry.Deletion.ScheduledPurgeOn.ToUnixTimeSeconds());

    private static string Id(RequestVault vault, string name, ObjectVersion version) =>
        vault.ObjectId(Collection, name, version.Version);
}
