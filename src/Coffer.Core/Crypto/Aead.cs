using System.Security.Cryptography;

namespace Coffer.Core.Crypto;

/// <summary>AES-256-GCM as nonce ‖ ciphertext ‖ tag, with a fresh random nonce per seal.</summary>
internal static class Aead
{
    public const int NonceSize = 12;
    public const int TagSize = 16;

    private static readonly AesGcmPerThread Gcm = new(TagSize);

    public static byte[] Seal(byte[] key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> aad, int prefixSize = 0)
    {
        var output = new byte[prefixSize + NonceSize + plaintext.Length + TagSize];
        var nonce = output.AsSpan(prefixSize, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        Gcm.For(key).Encrypt(nonce, plaintext,
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
        Gcm.For(key).Decrypt(sealedData[..NonceSize], sealedData.Slice(NonceSize, plaintext.Length),
            sealedData[^TagSize..], plaintext, aad);
        return plaintext;
    }
}
