using System.Security.Cryptography;
using System.Text;
using Jose;
using Konscious.Security.Cryptography;

namespace Coffer.Core.Backup.SecurityDomain;

/// <summary>
/// The passphrase variant of a security domain: the secret encrypted (jose-jwt, <c>dir</c> A256GCM) under a key
/// Argon2id (Konscious.Security.Cryptography.Argon2) derives from the passphrase — 64 MiB, 3 passes, 1 lane by default
/// (RFC 9106's second recommended choice), a random 16-byte salt. Anyone with the passphrase alone opens it.
/// </summary>
public static class PassphraseKeys
{
    public const string Kdf = "argon2id";
    public const int MinPassphraseLength = 12;

    private const int DefaultMemoryKiB = 64 * 1024;
    private const int DefaultIterations = 3;
    private const int DefaultParallelism = 1;

    internal static PassphraseShare Protect(string documentId, byte[] secret, string passphrase)
    {
        if (passphrase.Length < MinPassphraseLength)
        {
            throw SecurityDomainErrors.BadRequest($"The passphrase must have at least {MinPassphraseLength} characters.");
        }

        var salt = RandomNumberGenerator.GetBytes(16);
        var key = Derive(passphrase, salt, DefaultMemoryKiB, DefaultIterations, DefaultParallelism);
        var jwe = JWT.EncodeBytes(secret, key, JweAlgorithm.DIR, JweEncryption.A256GCM, extraHeaders: new Dictionary<string, object> { ["coffer-sd"] = documentId });
        CryptographicOperations.ZeroMemory(key);
        return new PassphraseShare(Kdf, Base64Url.Encode(salt), DefaultMemoryKiB, DefaultIterations, DefaultParallelism, jwe);
    }

    /// <summary>The secret of a passphrase document, as the one share its upload sends (index 0).</summary>
    public static RecoveredShare Open(SecurityDomainDocument document, string passphrase)
    {
        var share = SecurityDomainFormat.Check(document).Passphrase ?? throw SecurityDomainErrors.Invalid("it is not protected by a passphrase.");
        var key = Derive(passphrase, Decode(share.Salt), share.MemoryKiB, share.Iterations, share.Parallelism);
        try
        {
            if (JWT.Headers(share.Jwe).TryGetValue("coffer-sd", out var id) && id as string == document.Id)
            {
                return new RecoveredShare(0, JWT.DecodeBytes(share.Jwe, key, JweAlgorithm.DIR, JweEncryption.A256GCM));
            }
        }
        catch (Exception e) when (e is JoseException or CryptographicException or ArgumentException or FormatException)
        {
            // below
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        throw SecurityDomainErrors.Invalid("the passphrase is wrong or the document was altered.");
    }

    /// <summary>Parameters a document may ask for: enough to be Argon2id as meant, bounded so a document cannot exhaust the machine.</summary>
    internal static bool AreSane(PassphraseShare share) =>
        share is { Kdf: Kdf, MemoryKiB: >= 8 * 1024 and <= 1024 * 1024, Iterations: >= 1 and <= 16, Parallelism: >= 1 and <= 8, Salt: not null, Jwe: not null };

    internal static byte[] Derive(string passphrase, byte[] salt, int memoryKiB, int iterations, int parallelism)
    {
        using var argon2 = new Argon2id(Encoding.UTF8.GetBytes(passphrase))
        {
            Salt = salt, MemorySize = memoryKiB, Iterations = iterations, DegreeOfParallelism = parallelism,
        };
        return argon2.GetBytes(32);
    }

    private static byte[] Decode(string base64Url)
    {
        try
        {
            return Base64Url.Decode(base64Url);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IndexOutOfRangeException)
        {
            throw SecurityDomainErrors.Invalid("its passphrase salt is not base64url.");
        }
    }
}
