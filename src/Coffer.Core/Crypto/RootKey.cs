using System.Security.Cryptography;

namespace Coffer.Core.Crypto;

/// <summary>
/// The 256-bit key that wraps the keyring. It lives outside the database (a 0600 file or an
/// environment variable), so a copy of the database alone opens nothing.
/// </summary>
public sealed class RootKey
{
    public const int Size = 32;
    private readonly byte[] _key;

    public RootKey(byte[] key)
    {
        if (key.Length != Size)
        {
            throw new ArgumentException($"A root key is {Size} bytes; got {key.Length}.", nameof(key));
        }

        _key = key.ToArray();
    }

    public static RootKey Generate() => new(RandomNumberGenerator.GetBytes(Size));

    public string ToBase64() => Convert.ToBase64String(_key);

    public static RootKey FromBase64(string text) => new(Convert.FromBase64String(text.Trim()));

    /// <summary>A key for one purpose (HKDF-SHA256 with the purpose as info), so whoever lacks the root key cannot make it.</summary>
    public byte[] DeriveKey(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, 32, info: System.Text.Encoding.UTF8.GetBytes(purpose));

    internal byte[] Wrap(int keyId, ReadOnlySpan<byte> keyringKey) => Aead.Seal(_key, keyringKey, KeyringAad(keyId));

    internal byte[] Unwrap(int keyId, ReadOnlySpan<byte> wrapped) => Aead.Open(_key, wrapped, KeyringAad(keyId));

    private static byte[] KeyringAad(int keyId) => System.Text.Encoding.UTF8.GetBytes($"coffer-keyring:{keyId}");
}
