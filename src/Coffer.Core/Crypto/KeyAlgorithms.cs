using System.Security.Cryptography;
using Coffer.Core.Errors;
using Coffer.Core.Keys;

namespace Coffer.Core.Crypto;

/// <summary>Key Vault's algorithm names, what key each needs, and the .NET parameters they stand for.</summary>
internal static class KeyAlgorithms
{
    public static (HashAlgorithmName Hash, RSASignaturePadding Padding) RsaSignature(string alg) => alg switch
    {
        "RS256" => (HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        "RS384" => (HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1),
        "RS512" => (HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1),
        "PS256" => (HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
        "PS384" => (HashAlgorithmName.SHA384, RSASignaturePadding.Pss),
        "PS512" => (HashAlgorithmName.SHA512, RSASignaturePadding.Pss),
        _ => throw Unsupported(alg, KeyTypes.Rsa),
    };

    public static int DigestSize(HashAlgorithmName hash) =>
        hash == HashAlgorithmName.SHA256 ? 32 : hash == HashAlgorithmName.SHA384 ? 48 : 64;

    /// <summary>The curve an ES algorithm is defined on and its digest size.</summary>
    public static (string Curve, int DigestSize) EcSignature(string alg) => alg switch
    {
        "ES256" => (Curves.P256, 32),
        "ES384" => (Curves.P384, 48),
        "ES512" => (Curves.P521, 64),
        "ES256K" => (Curves.P256K, 32),
        _ => throw Unsupported(alg, KeyTypes.Ec),
    };

    public static RSAEncryptionPadding RsaEncryption(string alg) => alg switch
    {
        "RSA-OAEP" => RSAEncryptionPadding.OaepSHA1,
        "RSA-OAEP-256" => RSAEncryptionPadding.OaepSHA256,
        "RSA1_5" => RSAEncryptionPadding.Pkcs1,
        _ => throw Unsupported(alg, KeyTypes.Rsa),
    };

    /// <summary>AES algorithms: the mode and the key size in bytes they need.</summary>
    public static (AesMode Mode, int KeyBytes) Aes(string alg) => alg switch
    {
        "A128GCM" => (AesMode.Gcm, 16),
        "A192GCM" => (AesMode.Gcm, 24),
        "A256GCM" => (AesMode.Gcm, 32),
        "A128CBC" => (AesMode.Cbc, 16),
        "A192CBC" => (AesMode.Cbc, 24),
        "A256CBC" => (AesMode.Cbc, 32),
        "A128CBCPAD" => (AesMode.CbcPad, 16),
        "A192CBCPAD" => (AesMode.CbcPad, 24),
        "A256CBCPAD" => (AesMode.CbcPad, 32),
        "A128KW" => (AesMode.KeyWrap, 16),
        "A192KW" => (AesMode.KeyWrap, 24),
        "A256KW" => (AesMode.KeyWrap, 32),
        _ => throw Unsupported(alg, KeyTypes.Oct),
    };

    public static KeyVaultException Unsupported(string alg, string kty) =>
        KeyVaultErrors.BadParameter($"Algorithm '{alg}' is not supported for key type {kty}.");
}

internal enum AesMode
{
    Gcm,
    Cbc,
    CbcPad,
    KeyWrap,
}
