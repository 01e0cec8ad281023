using System.Security.Cryptography;
using System.Text;

namespace Coffer.Core.Backup.Archive;

/// <summary>
/// The HMAC-SHA256 key that signs a Coffer snapshot archive: HKDF-SHA256 of the (subscription,
/// geography)'s backup protection key, so only a Coffer holding that key can sign or check it.
/// </summary>
public sealed record VaultArchiveSigningKey(string KeyId, byte[] Key)
{
    private static readonly byte[] Info = Encoding.ASCII.GetBytes("CofferVaultArchiveV1 manifest MAC");

    public static VaultArchiveSigningKey From(BackupProtectionKey protectionKey) =>
        new(protectionKey.Id, HKDF.DeriveKey(HashAlgorithmName.SHA256, protectionKey.Key, 32, [], Info));

    internal byte[] Sign(ReadOnlySpan<byte> digest) => HMACSHA256.HashData(Key, digest);
}
