using System.Security.Cryptography;

namespace Coffer.Core.Crypto;

/// <summary>AES-256-GCM as nonce ‖ ciphertext ‖ tag, with a fresh random nonce per seal.</summary>
internal static class Aead
{
    public const int NonceSize = 12;
    public const int TagSize = 16;

    // Each thread keeps the AesGcm of the key it used last (nearly always the keyring's active key):
    // making one costs an OpenSSL context and key schedule, ~1.2 us, more than sealing a small value.
    // AesGcm is not safe for concurrent use; one per thread is.
    [ThreadStatic]
    private static byte[]? t_key;

    [ThreadStatic]
    private static AesGcm? t_gcm;

    public static byte[] Seal(byte[] key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> aad, int prefixSize = 0)
    {
        var output = new byte[prefixSize + NonceSize + plaintext.Length + TagSize];
        var nonce = output.AsSpan(prefixSize, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        For(key).Encrypt(nonce, plaintext,
            output.AsSpan(prefixSize + NonceSize, plaintext.Length),
            output.AsSpan(output.Length - TagSize), aad);
        return output;
    }

    /// <exception cref="CryptographicException">The input is too short or fails authentication.</exception>
    public static byte[] Open(byte[] key, ReadOnlySpan<byte> sealedData, ReadOnlySpan<byte> aad)
    {
        if (sealedData.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("Sealed data is truncated.");
        }

        var plaintext = new byte[sealedData.Length - NonceSize - TagSize];
        For(key).Decrypt(sealedData[..NonceSize], sealedData.Slice(NonceSize, plaintext.Length),
            sealedData[^TagSize..], plaintext, aad);
        return plaintext;
    }

    private static AesGcm For(byte[] key)
    {
        if (!ReferenceEquals(t_key, key) || t_gcm is null)
        {
            t_gcm?.Dispose();
            t_gcm = new AesGcm(key, TagSize);
            t_key = key;
        }

        return t_gcm;
    }
}
