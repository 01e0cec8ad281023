using System.Security.Cryptography;
using Coffer.Core.Errors;
using Coffer.Core.Keys;

namespace Coffer.Core.Crypto;

/// <summary>
/// Sign, verify, encrypt, decrypt, wrap and unwrap with a key version's imported key object, as Key Vault defines each
/// algorithm. Only System.Security.Cryptography (and jose-jwt for AES key wrap, which .NET lacks).
/// A wrong algorithm for the key, or input of the wrong shape, is 400 BadParameter.
/// </summary>
public static class KeyCryptography
{
    private const int GcmNonceSize = 12;
    private const int GcmTagSize = 16;
    private const int CbcIvSize = 16;

    public static byte[] Sign(ImportedKey key, string alg, byte[] digest)
    {
        if (KeyTypes.IsRsa(key.Kty))
        {
            var (hash, padding) = KeyAlgorithms.RsaSignature(alg);
            RequireDigest(digest, KeyAlgorithms.DigestSize(hash), alg);
            return key.Rsa!.SignHash(digest, hash, padding);
        }

        if (KeyTypes.IsEc(key.Kty))
        {
            return EcFor(key, alg, digest).SignHash(digest);
        }

        throw KeyAlgorithms.Unsupported(alg, key.Kty);
    }

    public static bool Verify(ImportedKey key, string alg, byte[] digest, byte[] signature)
    {
        if (KeyTypes.IsRsa(key.Kty))
        {
            var (hash, padding) = KeyAlgorithms.RsaSignature(alg);
            RequireDigest(digest, KeyAlgorithms.DigestSize(hash), alg);
            return key.Rsa!.VerifyHash(digest, signature, hash, padding);
        }

        if (KeyTypes.IsEc(key.Kty))
        {
            return EcFor(key, alg, digest).VerifyHash(digest, signature);
        }

        throw KeyAlgorithms.Unsupported(alg, key.Kty);
    }

    public static CipherResult Encrypt(ImportedKey key, string alg, CipherInput input)
    {
        if (KeyTypes.IsRsa(key.Kty))
        {
            var rsa = key.Rsa!;
            return new CipherResult(Guard(() => rsa.Encrypt(input.Value, KeyAlgorithms.RsaEncryption(alg)), "Encryption"));
        }

        var (mode, keyBytes) = AesFor(key, alg);
        switch (mode)
        {
            case AesMode.Gcm:
                var nonce = input.Iv ?? RandomNumberGenerator.GetBytes(GcmNonceSize);
                RequireLength(nonce, GcmNonceSize, "iv");
                var ciphertext = new byte[input.Value.Length];
                var tag = new byte[GcmTagSize];
                key.Gcm.Encrypt(nonce, input.Value, ciphertext, tag, input.Aad);
                return new CipherResult(ciphertext, nonce, tag, input.Aad);
            case AesMode.Cbc or AesMode.CbcPad:
                var iv = input.Iv ?? throw KeyVaultErrors.BadParameter($"Algorithm {alg} needs an iv.");
                RequireLength(iv, CbcIvSize, "iv");
                if (mode == AesMode.Cbc && input.Value.Length % CbcIvSize != 0)
                {
                    throw KeyVaultErrors.BadParameter($"Algorithm {alg} has no padding: the plaintext must be whole 16-byte blocks; use {alg}PAD otherwise.");
                }

                var padding = mode == AesMode.CbcPad ? PaddingMode.PKCS7 : PaddingMode.None;
                return new CipherResult(Guard(() => key.AesCbc.EncryptCbc(input.Value, iv, padding), "Encryption"), iv);

            default:
                throw KeyVaultErrors.BadParameter($"Algorithm {alg} wraps keys; it does not encrypt. Key size {keyBytes * 8}.");
        }
    }

    public static byte[] Decrypt(ImportedKey key, string alg, CipherInput input)
    {
        if (KeyTypes.IsRsa(key.Kty))
        {
            var rsa = key.Rsa!;
            return Guard(() => rsa.Decrypt(input.Value, KeyAlgorithms.RsaEncryption(alg)), "Decryption");
        }

        var (mode, _) = AesFor(key, alg);
        switch (mode)
        {
            case AesMode.Gcm:
                var nonce = input.Iv ?? throw KeyVaultErrors.BadParameter($"Algorithm {alg} needs the iv of the encryption.");
                var tag = input.Tag ?? throw KeyVaultErrors.BadParameter($"Algorithm {alg} needs the authentication tag.");
                RequireLength(nonce, GcmNonceSize, "iv");
                RequireLength(tag, GcmTagSize, "tag");
                var plaintext = new byte[input.Value.Length];
                Guard(() => key.Gcm.Decrypt(nonce, input.Value, tag, plaintext, input.Aad), "Decryption");
                return plaintext;
            case AesMode.Cbc or AesMode.CbcPad:
                var iv = input.Iv ?? throw KeyVaultErrors.BadParameter($"Algorithm {alg} needs the iv of the encryption.");
                RequireLength(iv, CbcIvSize, "iv");
                var padding = mode == AesMode.CbcPad ? PaddingMode.PKCS7 : PaddingMode.None;
                return Guard(() => key.AesCbc.DecryptCbc(input.Value, iv, padding), "Decryption");

            default:
                throw KeyVaultErrors.BadParameter($"Algorithm {alg} unwraps keys; it does not decrypt.");
        }
    }

    public static byte[] WrapKey(ImportedKey key, string alg, byte[] keyToWrap)
    {
        if (KeyTypes.IsRsa(key.Kty))
        {
            return Encrypt(key, alg, new CipherInput(keyToWrap)).Value;
        }

        var (mode, _) = AesFor(key, alg);
        if (mode != AesMode.KeyWrap)
        {
            throw KeyVaultErrors.BadParameter($"Algorithm {alg} does not wrap keys; use A128KW, A192KW or A256KW.");
        }

        if (keyToWrap.Length < 16 || keyToWrap.Length % 8 != 0)
        {
            throw KeyVaultErrors.BadParameter("AES key wrap takes a key of at least 16 bytes, in multiples of 8.");
        }

        return Guard(() => Jose.AesKeyWrap.Wrap(keyToWrap, key.AesKey), "Key wrap");
    }

    public static byte[] UnwrapKey(ImportedKey key, string alg, byte[] wrapped)
    {
        if (KeyTypes.IsRsa(key.Kty))
        {
            return Decrypt(key, alg, new CipherInput(wrapped));
        }

        var (mode, _) = AesFor(key, alg);
        if (mode != AesMode.KeyWrap)
        {
            throw KeyVaultErrors.BadParameter($"Algorithm {alg} does not unwrap keys; use A128KW, A192KW or A256KW.");
        }

        if (wrapped.Length < 24 || wrapped.Length % 8 != 0)
        {
            throw KeyVaultErrors.BadParameter("An AES-wrapped key is at least 24 bytes, in multiples of 8.");
        }

        return Guard(() => Jose.AesKeyWrap.Unwrap(wrapped, key.AesKey), "Key unwrap");
    }

    private static ECDsa EcFor(ImportedKey key, string alg, byte[] digest)
    {
        var (curve, digestSize) = KeyAlgorithms.EcSignature(alg);
        if (key.Crv != curve)
        {
            throw KeyVaultErrors.BadParameter($"Algorithm {alg} needs a {curve} key; this key is {key.Crv}.");
        }

        RequireDigest(digest, digestSize, alg);
        return key.Ecdsa!;
    }

    private static (AesMode Mode, int KeyBytes) AesFor(ImportedKey key, string alg)
    {
        if (!KeyTypes.IsOct(key.Kty))
        {
            throw KeyAlgorithms.Unsupported(alg, key.Kty);
        }

        var (mode, keyBytes) = KeyAlgorithms.Aes(alg);
        if (key.AesKeySize != keyBytes * 8)
        {
            throw KeyVaultErrors.BadParameter($"Algorithm {alg} needs a {keyBytes * 8}-bit key; this key is {key.AesKeySize}-bit.");
        }

        return (mode, keyBytes);
    }

    private static void RequireDigest(byte[] digest, int size, string alg)
    {
        if (digest.Length != size)
        {
            throw KeyVaultErrors.BadParameter($"Algorithm {alg} signs a {size}-byte digest; got {digest.Length} bytes.");
        }
    }

    private static void RequireLength(byte[] value, int size, string name)
    {
        if (value.Length != size)
        {
            throw KeyVaultErrors.BadParameter($"The {name} must be {size} bytes; got {value.Length}.");
        }
    }

    private static T Guard<T>(Func<T> operation, string what)
    {
        try
        {
            return operation();
        }
        catch (Exception e) when (e is CryptographicException or Jose.JoseException)
        {
            throw KeyVaultErrors.BadParameter($"{what} failed: the input does not fit the key and algorithm.");
        }
    }

    private static void Guard(Action operation, string what) => Guard(() =>
    {
        operation();
        return true;
    }, what);
}
