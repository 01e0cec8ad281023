using System.Security.Cryptography;
using Coffer.Core.Crypto;
using Jose;
using AesGcm = System.Security.Cryptography.AesGcm;
using Base64Url = System.Buffers.Text.Base64Url;

namespace Coffer.Core.Backup;

/// <summary>
/// A256GCMKW (RFC 7518 §4.7) for jose-jwt, registered in place of its own: the same wrap, header fields and
/// checks, but each thread keeps the <see cref="AesGcm"/> of the protection key it used last. jose-jwt makes
/// a new one per blob (an OpenSSL context and key schedule) plus a random-number generator per value: 4.7 us
/// per wrap, a tenth of a backup's work on a secret; this one costs about a third of that.
/// </summary>
public sealed class GcmKeyWrap : IKeyManagement
{
    private const int KeySize = 32;
    private const int IvSize = 12;
    private const int TagSize = 16;

    // Protection keys are cached by the keyring, so the same array comes back for the same key.
    private static readonly AesGcmPerThread Gcm = new(TagSize);

    public byte[][] WrapNewKey(int cekSizeBits, object key, IDictionary<string, object> header)
    {
        var cek = RandomNumberGenerator.GetBytes(cekSizeBits / 8);
        return [cek, WrapKey(cek, key, header)];
    }

    public byte[] WrapKey(byte[] cek, object key, IDictionary<string, object> header)
    {
        Span<byte> iv = stackalloc byte[IvSize];
        Span<byte> tag = stackalloc byte[TagSize];
        RandomNumberGenerator.Fill(iv);
        var wrapped = new byte[cek.Length];
        For(key).Encrypt(iv, cek, wrapped, tag);
        header["iv"] = Base64Url.EncodeToString(iv);
        header["tag"] = Base64Url.EncodeToString(tag);
        return wrapped;
    }

    public byte[] Unwrap(byte[] encryptedCek, object key, int cekSizeBits, IDictionary<string, object> header)
    {
        var iv = HeaderBytes(header, "iv", IvSize);
        var tag = HeaderBytes(header, "tag", TagSize);
        var cek = new byte[encryptedCek.Length];
        For(key).Decrypt(iv, encryptedCek, tag, cek);
        return cek;
    }

    private static byte[] HeaderBytes(IDictionary<string, object> header, string name, int size) =>
        header.TryGetValue(name, out var value) && value is string text && Base64Url.DecodeFromChars(text) is { } bytes && bytes.Length == size
            ? bytes
            : throw new JoseException($"A256GCMKW expects a {size}-byte '{name}' in the JWE header.");

    private static AesGcm For(object key)
    {
        if (key is not byte[] { Length: KeySize } bytes)
        {
            throw new ArgumentException("A256GCMKW expects a 256-bit key as a byte array.", nameof(key));
        }

        return Gcm.For(bytes);
    }
}
