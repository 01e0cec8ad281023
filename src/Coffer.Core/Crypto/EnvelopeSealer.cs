using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Coffer.Core.Crypto;

/// <summary>
/// Seals secret values and key material for storage: <c>format(1) ‖ keyring key id(4, BE) ‖ nonce(12) ‖
/// ciphertext ‖ tag(16)</c>, AES-256-GCM, with associated data binding the vault, kind, name and version
/// so a sealed value moved to another row fails to open.
/// </summary>
public sealed class EnvelopeSealer(Keyring keyring)
{
    private const byte FormatVersion = 1;
    private const int HeaderSize = 5;

    public byte[] Seal(ReadOnlySpan<byte> plaintext, ObjectRef obj, string version) =>
        Seal(plaintext, ObjectContext(obj, version));

    public byte[] Open(byte[] sealedData, ObjectRef obj, string version) =>
        Open(sealedData, ObjectContext(obj, version));

    /// <summary>Seals data bound to <paramref name="context"/>, which must be given again to open it.</summary>
    public byte[] Seal(ReadOnlySpan<byte> plaintext, string context)
    {
        var aad = Encoding.UTF8.GetBytes(context);
        var (keyId, key) = keyring.Active();
        var sealedData = Aead.Seal(key, plaintext, aad, HeaderSize);
        sealedData[0] = FormatVersion;
        BinaryPrimitives.WriteInt32BigEndian(sealedData.AsSpan(1, 4), keyId);
        return sealedData;
    }

    /// <exception cref="CryptographicException">Unknown format or key, or authentication failed.</exception>
    public byte[] Open(byte[] sealedData, string context)
    {
        if (sealedData.Length < HeaderSize || sealedData[0] != FormatVersion)
        {
            throw new CryptographicException("Unknown envelope format.");
        }

        var keyId = BinaryPrimitives.ReadInt32BigEndian(sealedData.AsSpan(1, 4));
        if (!keyring.TryGetKey(keyId, out var key))
        {
            throw new CryptographicException($"Keyring key {keyId} is not in the keyring.");
        }

        return Aead.Open(key, sealedData.AsSpan(HeaderSize), Encoding.UTF8.GetBytes(context));
    }

    private static string ObjectContext(ObjectRef obj, string version) =>
        $"object:{obj.Vault.ToLowerInvariant()}/{obj.Kind.Collection()}/{ObjectName.Normalize(obj.Name)}/{version}";
}
