using System.Security.Cryptography;
using Coffer.Core.Errors;

namespace Coffer.Core.Keys;

/// <summary>Makes new key material of a checked type, size and curve; RSA comes from the pool when it can.</summary>
public sealed class KeyGenerator(RsaKeyPool rsaPool)
{
    public static readonly IReadOnlyList<int> RsaSizes = [2048, 3072, 4096];
    public static readonly IReadOnlyList<int> OctSizes = [128, 192, 256];
    private const int DefaultPublicExponent = 65537;

    public async Task<JsonWebKeyMaterial> GenerateAsync(string kty, int? keySize, int? publicExponent, string? crv, CancellationToken cancellationToken)
    {
        if (KeyTypes.IsRsa(kty))
        {
            var size = keySize ?? 2048;
            if (!RsaSizes.Contains(size))
            {
                throw KeyVaultErrors.BadParameter($"RSA key size {size} is not supported: use 2048, 3072 or 4096.");
            }

            // .NET (and so Coffer) generates RSA keys with e = 65537 only, the exponent Key Vault uses by default.
            if (publicExponent is { } e && e != DefaultPublicExponent)
            {
                throw KeyVaultErrors.BadParameter($"Public exponent {e} is not supported: only 65537 is.");
            }

            using var rsa = await rsaPool.TakeAsync(size, cancellationToken);
            return JsonWebKeyMaterial.FromRsa(rsa, kty);
        }

        if (KeyTypes.IsEc(kty))
        {
            var curve = Curves.Canonical(crv ?? Curves.P256)
                ?? throw KeyVaultErrors.BadParameter($"Curve '{crv}' is not supported: use P-256, P-384, P-521 or P-256K.");
            if (keySize is not null && keySize != Curves.CoordinateSize(curve) * 8 && !(curve == Curves.P521 && keySize == 521))
            {
                throw KeyVaultErrors.BadParameter($"key_size {keySize} does not match curve {curve}.");
            }

            using var ecdsa = ECDsa.Create(Curves.ToCurve(curve));
            return JsonWebKeyMaterial.FromEcdsa(ecdsa, kty, curve);
        }

        var bits = keySize ?? 256;
        if (!OctSizes.Contains(bits))
        {
            throw KeyVaultErrors.BadParameter($"oct key size {bits} is not supported: use 128, 192 or 256.");
        }

        return new JsonWebKeyMaterial { Kty = kty, K = RandomNumberGenerator.GetBytes(bits / 8) };
    }
}
