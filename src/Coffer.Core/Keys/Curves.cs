using System.Security.Cryptography;

namespace Coffer.Core.Keys;

/// <summary>Key Vault's curve names and their .NET curves, hash sizes and signing algorithms.</summary>
public static class Curves
{
    public const string P256 = "P-256";
    public const string P384 = "P-384";
    public const string P521 = "P-521";
    public const string P256K = "P-256K";

    public static readonly IReadOnlyList<string> All = [P256, P384, P521, P256K];

    public static string? Canonical(string? crv) =>
        crv is null ? null : All.FirstOrDefault(c => string.Equals(c, crv, StringComparison.OrdinalIgnoreCase))
            ?? (string.Equals(crv, "SECP256K1", StringComparison.OrdinalIgnoreCase) ? P256K : null);

    public static ECCurve ToCurve(string crv) => crv switch
    {
        P256 => ECCurve.NamedCurves.nistP256,
        P384 => ECCurve.NamedCurves.nistP384,
        P521 => ECCurve.NamedCurves.nistP521,
        P256K => ECCurve.CreateFromFriendlyName("secP256k1"),
        _ => throw new ArgumentOutOfRangeException(nameof(crv), crv, "Unknown curve."),
    };

    /// <summary>Length in bytes of a coordinate (and of the private scalar).</summary>
    public static int CoordinateSize(string crv) => crv switch
    {
        P256 or P256K => 32,
        P384 => 48,
        P521 => 66,
        _ => throw new ArgumentOutOfRangeException(nameof(crv), crv, "Unknown curve."),
    };
}
