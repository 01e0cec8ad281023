namespace Coffer.Core.Events;

/// <summary>The Key Vault event types, as Event Grid names them after <c>Microsoft.KeyVault.</c>. Stored by number: append only.</summary>
public enum VaultEventType
{
    SecretNewVersionCreated,
    SecretNearExpiry,
    SecretExpired,
    KeyNewVersionCreated,
    KeyNearExpiry,
    KeyExpired,
    CertificateNewVersionCreated,
    CertificateNearExpiry,
    CertificateExpired,
    VaultAccessPolicyChanged,
}

public static class VaultEventTypes
{
    public static readonly IReadOnlyList<VaultEventType> All = Enum.GetValues<VaultEventType>();

    /// <summary>The bit of a type in a subscription's filter (<see cref="EventSubscription.TypeMask"/>).</summary>
    public static int Bit(this VaultEventType type) => 1 << (int)type;

    public static int Mask(IEnumerable<VaultEventType> types) => types.Aggregate(0, (mask, type) => mask | type.Bit());

    public static IReadOnlyList<VaultEventType> FromMask(int mask) => [.. All.Where(t => (mask & t.Bit()) != 0)];

    /// <summary><c>Microsoft.KeyVault.SecretNewVersionCreated</c> and so on.</summary>
    public static string WireName(this VaultEventType type) => "Microsoft.KeyVault." + type;

    /// <summary>The type named (with or without the <c>Microsoft.KeyVault.</c> prefix, any case), or null.</summary>
    public static VaultEventType? Parse(string name)
    {
        var bare = name.StartsWith("Microsoft.KeyVault.", StringComparison.OrdinalIgnoreCase) ? name["Microsoft.KeyVault.".Length..] : name;
        return All.Where(t => t.ToString().Equals(bare, StringComparison.OrdinalIgnoreCase)).Select(t => (VaultEventType?)t).FirstOrDefault();
    }

    public static VaultEventType NewVersionCreated(ObjectKind kind) => Of(kind, VaultEventType.KeyNewVersionCreated, VaultEventType.SecretNewVersionCreated, VaultEventType.CertificateNewVersionCreated);

    public static VaultEventType NearExpiry(ObjectKind kind) => Of(kind, VaultEventType.KeyNearExpiry, VaultEventType.SecretNearExpiry, VaultEventType.CertificateNearExpiry);

    public static VaultEventType Expired(ObjectKind kind) => Of(kind, VaultEventType.KeyExpired, VaultEventType.SecretExpired, VaultEventType.CertificateExpired);

    /// <summary>The kind of object the event is about; null for a vault event.</summary>
    public static ObjectKind? Kind(this VaultEventType type) => type switch
    {
        VaultEventType.KeyNewVersionCreated or VaultEventType.KeyNearExpiry or VaultEventType.KeyExpired => ObjectKind.Key,
        VaultEventType.SecretNewVersionCreated or VaultEventType.SecretNearExpiry or VaultEventType.SecretExpired => ObjectKind.Secret,
        VaultEventType.CertificateNewVersionCreated or VaultEventType.CertificateNearExpiry or VaultEventType.CertificateExpired => ObjectKind.Certificate,
        _ => null,
    };

    private static VaultEventType Of(ObjectKind kind, VaultEventType key, VaultEventType secret, VaultEventType certificate) => kind switch
    {
        ObjectKind.Key => key,
        ObjectKind.Secret => secret,
        ObjectKind.Certificate => certificate,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
