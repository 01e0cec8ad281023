using Coffer.Core;
using Coffer.Core.Errors;
using Coffer.Core.Keys;
using Coffer.Server.Vaults;
using Coffer.Server.Wire;

namespace Coffer.Server.Keys;

/// <summary>Keys between the domain and the wire, with kids on the host and port the client used.</summary>
internal static class KeyMapper
{
    private const string Collection = "keys";

    public static string Kid(RequestVault vault, string name, string version) => vault.ObjectId(Collection, name, version);

    public static KeyBundle Bundle(RequestVault vault, Key key) => new(
        Jwk(Kid(vault, key.Name, key.Version.Version), key.Properties),
        Attributes(vault, key),
        key.Version.Tags,
        ToWire(key.Properties.ReleasePolicy),
        key.Properties.Managed);

    public static KeyItem Item(RequestVault vault, string name, ObjectVersion version)
    {
        var key = Key.From(name, version);
        return new KeyItem(Kid(vault, name, version.Version), Attributes(vault, key), version.Tags, key.Properties.Managed);
    }

    /// <summary>Listed keys are named without a version, as Azure does.</summary>
    public static KeyItem LatestItem(RequestVault vault, ObjectEntry entry) =>
        Item(vault, entry.Name, entry.Latest) with { Kid = $"{vault.BaseUrl}/{Collection}/{entry.Name}" };

    public static DeletedKeyBundle Deleted(RequestVault vault, ObjectEntry entry)
    {
        var bundle = Bundle(vault, Key.From(entry.Name, entry.Latest));
        return new DeletedKeyBundle(bundle.Key, bundle.Attributes, bundle.Tags, bundle.ReleasePolicy,
            vault.DeletedObjectId(Collection, entry.Name),
            entry.Deletion!.DeletedOn.ToUnixTimeSeconds(), entry.Deletion.ScheduledPurgeOn.ToUnixTimeSeconds(), bundle.Managed);
    }

    public static DeletedKeyItem DeletedItem(RequestVault vault, ObjectEntry entry)
    {
        var item = LatestItem(vault, entry);
        return new DeletedKeyItem(item.Kid, item.Attributes, item.Tags, vault.DeletedObjectId(Collection, entry.Name),
            entry.Deletion!.DeletedOn.ToUnixTimeSeconds(), entry.Deletion.ScheduledPurgeOn.ToUnixTimeSeconds(), item.Managed);
    }

    /// <summary>An imported JWK; its parts are checked later by the key's own rules.</summary>
    public static JsonWebKeyMaterial FromWire(WireJsonWebKey key) => new()
    {
        Kty = key.Kty ?? throw KeyVaultErrors.BadParameter("The JSON web key has no kty."),
        Crv = key.Crv,
        N = key.N,
        E = key.E,
        D = key.D,
        DP = key.DP,
        DQ = key.DQ,
        QI = key.QI,
        P = key.P,
        Q = key.Q,
        K = key.K,
        X = key.X,
        Y = key.Y,
    };

    public static KeyReleasePolicy? FromWire(WireReleasePolicy? policy) =>
        policy is null ? null : new KeyReleasePolicy(policy.ContentType, policy.Immutable, policy.Data);

    public static WireRotationPolicy Policy(RequestVault vault, string name, RotationPolicy policy) => new(
        $"{vault.BaseUrl}/{Collection}/{name}/rotationpolicy",
        policy.LifetimeActions.Select(a => new WireLifetimeAction(
            new WireLifetimeTrigger(a.TimeAfterCreate, a.TimeBeforeExpiry), new WireLifetimeActionType(a.Action))).ToList(),
        new WireRotationPolicyAttributes(policy.ExpiryTime, policy.Created?.ToUnixTimeSeconds(), policy.Updated?.ToUnixTimeSeconds()));

    public static RotationPolicy FromWire(WireRotationPolicy policy) => new(
        (policy.LifetimeActions ?? []).Select(a => new LifetimeAction(
            a.Trigger?.TimeAfterCreate, a.Trigger?.TimeBeforeExpiry,
            a.Action?.Type ?? throw KeyVaultErrors.BadParameter("Each lifetime action needs an action type."))).ToList(),
        policy.Attributes?.ExpiryTime, null, null);

    private static WireJsonWebKey Jwk(string kid, KeyProperties properties)
    {
        var key = properties.PublicKey;
        return new WireJsonWebKey(kid, properties.Kty, properties.KeyOps, N: key.N, E: key.E, Crv: key.Crv, X: key.X, Y: key.Y);
    }

    private static WireAttributes Attributes(RequestVault vault, Key key) =>
        WireAttributes.From(key.Version, vault.Vault) with { Exportable = key.Properties.Exportable };

    private static WireReleasePolicy? ToWire(KeyReleasePolicy? policy) =>
        policy is null ? null : new WireReleasePolicy(policy.ContentType, policy.Immutable, policy.Data);
}
