using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Coffer.Core.Errors;

namespace Coffer.Core.Keys;

/// <summary>
/// A key as JWK parts (RFC 7517; Key Vault's kty and crv names). With its private parts it is what the
/// store keeps sealed; <see cref="PublicOnly"/> is what a get returns.
/// </summary>
public sealed record JsonWebKeyMaterial
{
    public required string Kty { get; init; }

    public string? Crv { get; init; }

    public byte[]? N { get; init; }

    public byte[]? E { get; init; }

    public byte[]? D { get; init; }

    public byte[]? DP { get; init; }

    public byte[]? DQ { get; init; }

    public byte[]? QI { get; init; }

    public byte[]? P { get; init; }

    public byte[]? Q { get; init; }

    public byte[]? K { get; init; }

    public byte[]? X { get; init; }

    public byte[]? Y { get; init; }

    [JsonIgnore]
    public bool HasPrivateKey => D is not null || K is not null;

    /// <summary>Modulus bits (RSA) or key bits (oct); null for EC, whose size is its curve.</summary>
    [JsonIgnore]
    public int? KeySize => KeyTypes.IsRsa(Kty) ? N?.Length * 8 : KeyTypes.IsOct(Kty) ? K?.Length * 8 : null;

    /// <summary>The bytes of every part, public and private.</summary>
    [JsonIgnore]
    public int PartBytes => new[] { N, E, D, DP, DQ, QI, P, Q, X, Y, K }.Sum(part => part?.Length ?? 0);

    /// <summary>Overwrites the private parts with zeros, once the material is no longer needed.</summary>
    public void ZeroPrivateParts()
    {
        foreach (var part in new[] { D, DP, DQ, QI, P, Q, K })
        {
            if (part is not null)
            {
                CryptographicOperations.ZeroMemory(part);
            }
        }
    }

    public JsonWebKeyMaterial PublicOnly() => this with { D = null, DP = null, DQ = null, QI = null, P = null, Q = null, K = null };

    public RSA ToRsa()
    {
        var rsa = RSA.Create();
        rsa.ImportParameters(new RSAParameters { Modulus = N, Exponent = E, D = D, DP = DP, DQ = DQ, InverseQ = QI, P = P, Q = Q });
        return rsa;
    }

    public ECDsa ToEcdsa() => ECDsa.Create(new ECParameters
    {
        Curve = Curves.ToCurve(Crv!),
        Q = new ECPoint { X = X, Y = Y },
        D = D,
    });

    public static JsonWebKeyMaterial FromRsa(RSA rsa, string kty)
    {
        var p = rsa.ExportParameters(true);
        return new JsonWebKeyMaterial { Kty = kty, N = p.Modulus, E = p.Exponent, D = p.D, DP = p.DP, DQ = p.DQ, QI = p.InverseQ, P = p.P, Q = p.Q };
    }

    public static JsonWebKeyMaterial FromEcdsa(ECDsa ecdsa, string kty, string crv)
    {
        var p = ecdsa.ExportParameters(true);
        return new JsonWebKeyMaterial { Kty = kty, Crv = crv, X = p.Q.X, Y = p.Q.Y, D = p.D };
    }

    /// <summary>
    /// Checks an imported key: known type, the parts its type needs (private parts included), and that
    /// the platform accepts them as a consistent key. Anything else is 400 BadParameter.
    /// </summary>
    public JsonWebKeyMaterial Validated()
    {
        try
        {
            if (KeyTypes.IsRsa(Kty))
            {
                // RFC 7518 lets a private RSA JWK carry only d; the platform needs the CRT parts too.
                foreach (var (part, name) in new[] { (N, "n"), (E, "e"), (D, "d"), (P, "p"), (Q, "q"), (DP, "dp"), (DQ, "dq"), (QI, "qi") })
                {
                    Require(part, name);
                }

                using var rsa = ToRsa();
                return FromRsa(rsa, Kty);
            }

            if (KeyTypes.IsEc(Kty))
            {
                var crv = Curves.Canonical(Crv) ?? throw KeyVaultErrors.BadParameter($"Unsupported or missing curve (crv) '{Crv}'.");
                Require(X, "x");
                Require(Y, "y");
                Require(D, "d");
                using var ecdsa = (this with { Crv = crv }).ToEcdsa();
                ecdsa.ExportParameters(true).Validate();
                return FromEcdsa(ecdsa, Kty, crv);
            }

            Require(K, "k");
            if (K!.Length is not (16 or 24 or 32 or 48 or 64))
            {
                throw KeyVaultErrors.BadParameter($"An oct key must be 128, 192, 256, 384 or 512 bits; got {K.Length * 8}.");
            }

            return new JsonWebKeyMaterial { Kty = Kty, K = K };
        }
        catch (CryptographicException e)
        {
            throw KeyVaultErrors.BadParameter($"The key is not a valid {Kty} key: {e.Message}");
        }
    }

    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(this, KeyJsonContext.Default.JsonWebKeyMaterial);

    public static JsonWebKeyMaterial Deserialize(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, KeyJsonContext.Default.JsonWebKeyMaterial)
            ?? throw new JsonException("Empty key material.");

    private static void Require(byte[]? part, string name)
    {
        if (part is not { Length: > 0 })
        {
            throw KeyVaultErrors.BadParameter($"The JSON web key is missing '{name}'.");
        }
    }
}
