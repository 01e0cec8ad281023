using System.Security.Cryptography;
using Coffer.Core.Keys;

namespace Coffer.Core.Crypto;

/// <summary>
/// A key version's material as a platform key object, ready for <see cref="KeyCryptography"/>: an <see cref="RSA"/>, an
/// <see cref="ECDsa"/>, or an oct key's bytes with the AES objects made from them on first use. One caller uses it at a
/// time (.NET does not promise that one key object may work on several threads at once); <see cref="KeyObjectCache"/>
/// lends it out. Disposing it frees the platform key and zeroes the AES key bytes.
/// </summary>
public sealed class ImportedKey : IDisposable
{
    // OpenSSL keeps, besides the parts, their Montgomery forms and blinding values: several times the parts' bytes.
    private const int PlatformOverheadFactor = 4;
    private const int FixedOverheadBytes = 1024;

    private readonly byte[]? _aesKey;
    private AesGcm? _gcm;
    private Aes? _aes;

    private ImportedKey(string kty, string? crv, RSA? rsa, ECDsa? ecdsa, byte[]? aesKey, long estimatedBytes)
    {
        Kty = kty;
        Crv = crv;
        Rsa = rsa;
        Ecdsa = ecdsa;
        _aesKey = aesKey;
        EstimatedBytes = estimatedBytes;
    }

    public string Kty { get; }

    public string? Crv { get; }

    /// <summary>The RSA key (private parts included when the material has them); null for other types.</summary>
    public RSA? Rsa { get; }

    public ECDsa? Ecdsa { get; }

    /// <summary>Bits of an oct key; null for other types.</summary>
    public int? AesKeySize => _aesKey?.Length * 8;

    /// <summary>An estimate of the memory this object holds, native key structures included.</summary>
    public long EstimatedBytes { get; }

    public static ImportedKey From(JsonWebKeyMaterial material)
    {
        var estimate = FixedOverheadBytes + ((long)material.PartBytes * PlatformOverheadFactor);
        if (KeyTypes.IsRsa(material.Kty))
        {
            return new ImportedKey(material.Kty, null, material.ToRsa(), null, null, estimate);
        }

        if (KeyTypes.IsEc(material.Kty))
        {
            return new ImportedKey(material.Kty, material.Crv, null, material.ToEcdsa(), null, estimate);
        }

        return new ImportedKey(material.Kty, null, null, null, material.K is { } k ? (byte[])k.Clone() : null, estimate);
    }

    /// <summary>The oct key's bytes, for algorithms with no reusable object (AES key wrap).</summary>
    internal byte[] AesKey => _aesKey ?? throw new InvalidOperationException("Not an oct key.");

    /// <summary>AES-GCM with the oct key (16-byte tags), made on first use and kept.</summary>
    internal AesGcm Gcm => _gcm ??= new AesGcm(AesKey, 16);

    /// <summary>AES (CBC) with the oct key, made on first use and kept.</summary>
    internal Aes AesCbc
    {
        get
        {
            if (_aes is null)
            {
                var aes = System.Security.Cryptography.Aes.Create();
                aes.Key = AesKey;
                _aes = aes;
            }

            return _aes;
        }
    }

    public void Dispose()
    {
        Rsa?.Dispose();
        Ecdsa?.Dispose();
        _gcm?.Dispose();
        _aes?.Dispose();
        if (_aesKey is not null)
        {
            CryptographicOperations.ZeroMemory(_aesKey);
        }
    }
}
