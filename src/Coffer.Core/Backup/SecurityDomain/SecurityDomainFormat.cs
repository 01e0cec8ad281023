using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Jose;

namespace Coffer.Core.Backup.SecurityDomain;

/// <summary>
/// Writes and opens security domains (docs/security-domain.md). A fresh 256-bit secret S is split with Shamir
/// (quorum of N); from S come, by HKDF-SHA256 salted with the document id, the key that encrypts the protection keys
/// (a <c>dir</c> A256GCM JWE) and the key of the document's HMAC-SHA256. Each share is encrypted to one certificate and
/// committed to by a SHA-256 in the document.
/// </summary>
public static class SecurityDomainFormat
{
    public const string FormatName = "CofferSecurityDomainV1";
    public const int MinShares = 3;
    public const int MaxShares = 10;
    public const int MinQuorum = 2;

    private const int SecretBytes = 32;
    private static readonly SecurityDomainJsonContext Indented = new(new JsonSerializerOptions(SecurityDomainJsonContext.Default.Options) { WriteIndented = true });
    private static readonly byte[] KeysInfo = Encoding.ASCII.GetBytes(FormatName + " keys");
    private static readonly byte[] MacInfo = Encoding.ASCII.GetBytes(FormatName + " MAC");
    private static readonly byte[] CommitmentLabel = Encoding.ASCII.GetBytes(FormatName + " share");

    public static SecurityDomainDocument Create(IReadOnlyList<BackupProtectionKey> keys, IReadOnlyList<X509Certificate2> certificates, int quorum, DateTimeOffset created)
    {
        CheckShape(certificates.Count, quorum);
        foreach (var certificate in certificates)
        {
            OperatorKeys.CheckUsable(certificate);
        }

        var operators = certificates.Select(OperatorKeys.Describe).ToList();
        if (operators.Select(o => o.PublicKeySha256).Distinct().Count() != operators.Count)
        {
            throw SecurityDomainErrors.BadRequest("Two certificates hold the same public key: each share must go to a different operator.");
        }

        var id = Guid.NewGuid().ToString("N");
        var secret = RandomNumberGenerator.GetBytes(SecretBytes);
        try
        {
            var shares = ShamirSecretSharing.Split(secret, certificates.Count, quorum)
                .Select((share, i) => new SecurityDomainShare(share.X, operators[i], Commitment(id, share.X, share.Value),
                    OperatorKeys.Encrypt(certificates[i], id, share.X, share.Value)))
                .ToList();
            var document = new SecurityDomainDocument(FormatName, id, created.ToUniversalTime(), quorum, shares, Listings(keys), EncryptKeys(keys, secret, id), Mac: null);
            return document with { Mac = Base64Url.Encode(Mac(document, secret)) };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>A document one passphrase opens (<see cref="PassphraseKeys"/>): weaker than a quorum of operators' keys.</summary>
    public static SecurityDomainDocument CreateWithPassphrase(IReadOnlyList<BackupProtectionKey> keys, string passphrase, DateTimeOffset created)
    {
        var id = Guid.NewGuid().ToString("N");
        var secret = RandomNumberGenerator.GetBytes(SecretBytes);
        try
        {
            var document = new SecurityDomainDocument(FormatName, id, created.ToUniversalTime(), 1, [], Listings(keys), EncryptKeys(keys, secret, id), Mac: null,
                PassphraseKeys.Protect(id, secret, passphrase));
            return document with { Mac = Base64Url.Encode(Mac(document, secret)) };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>The document as a file holds it (indented, for people to read; the MAC does not cover the layout).</summary>
    public static byte[] Write(SecurityDomainDocument document) =>
        JsonSerializer.SerializeToUtf8Bytes(document, Indented.SecurityDomainDocument);

    public static byte[] WriteUpload(SecurityDomainUpload upload) =>
        JsonSerializer.SerializeToUtf8Bytes(upload, SecurityDomainJsonContext.Default.SecurityDomainUpload);

    /// <summary>Reads an upload body; the format error for anything that is not one.</summary>
    public static async Task<SecurityDomainUpload> ReadUploadAsync(Stream body, CancellationToken cancellationToken)
    {
        SecurityDomainUpload? upload;
        try
        {
            upload = await JsonSerializer.DeserializeAsync(body, SecurityDomainJsonContext.Default.SecurityDomainUpload, cancellationToken);
        }
        catch (JsonException)
        {
            throw SecurityDomainErrors.Invalid("the upload is not a document with its shares (not their JSON).");
        }

        if (upload?.Shares is null || upload.Shares.Any(s => s?.Value is null))
        {
            throw SecurityDomainErrors.Invalid("the upload has no shares.");
        }

        return upload with { Document = Check(upload.Document) };
    }

    /// <summary>Parses a document; the format error for anything that is not one (it is authenticated only by <see cref="Open"/>).</summary>
    public static SecurityDomainDocument Read(ReadOnlySpan<byte> json)
    {
        SecurityDomainDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, SecurityDomainJsonContext.Default.SecurityDomainDocument);
        }
        catch (JsonException)
        {
            throw SecurityDomainErrors.Invalid("it is not a security domain document (not its JSON).");
        }

        return Check(document);
    }

    /// <summary>Checks what can be checked without the secret: format, numbers, shares.</summary>
    public static SecurityDomainDocument Check(SecurityDomainDocument? document)
    {
        if (document is null || document.Format != FormatName)
        {
            throw SecurityDomainErrors.Invalid($"it is not a {FormatName} document.");
        }

        if (document.Id is not { Length: 32 } || document.Shares is null || document.ProtectionKeys is null || document.Keys is null || document.Mac is null
            || (document.Passphrase is null
                ? document.Shares.Count is < MinShares or > MaxShares || document.Quorum < MinQuorum || document.Quorum > document.Shares.Count
                : document.Shares.Count != 0 || document.Quorum != 1 || !PassphraseKeys.AreSane(document.Passphrase))
            || document.Shares.Any(s => s?.Certificate is null || s.Jwe is null || s.Commitment is null || s.Index is < 1 or > MaxShares)
            || document.Shares.Select(s => s.Index).Distinct().Count() != document.Shares.Count)
        {
            throw SecurityDomainErrors.Invalid("its members are missing or out of range.");
        }

        return document;
    }

    /// <summary>
    /// Recombines the secret from <paramref name="shares"/> (at least the quorum, each equal to its commitment), checks
    /// the document's MAC, and decrypts the protection keys, which must be the ones the document lists.
    /// </summary>
    public static IReadOnlyList<BackupProtectionKey> Open(SecurityDomainDocument document, IReadOnlyList<RecoveredShare> shares)
    {
        Check(document);
        var secret = document.Passphrase is null ? Recombine(document, shares)
            : shares is [{ Index: 0, Value.Length: SecretBytes } only] ? (byte[])only.Value.Clone()
            : throw SecurityDomainErrors.QuorumNotMet(0, 1);
        try
        {
            if (!CryptographicOperations.FixedTimeEquals(Mac(document with { Mac = null }, secret), Decode(document.Mac!)))
            {
                throw SecurityDomainErrors.Invalid("its MAC does not match: the document was altered.");
            }

            return DecryptKeys(document, secret);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    private static byte[] Recombine(SecurityDomainDocument document, IReadOnlyList<RecoveredShare> shares)
    {
        var distinct = shares.DistinctBy(s => s.Index).ToList();
        if (distinct.Count < document.Quorum)
        {
            throw SecurityDomainErrors.QuorumNotMet(distinct.Count, document.Quorum);
        }

        foreach (var share in distinct)
        {
            var listed = document.Shares.FirstOrDefault(s => s.Index == share.Index)
                ?? throw SecurityDomainErrors.Invalid($"it has no share {share.Index}.");
            if (share.Value is not { Length: SecretBytes }
                || !CryptographicOperations.FixedTimeEquals(Convert.FromHexString(listed.Commitment), Convert.FromHexString(Commitment(document.Id, (byte)share.Index, share.Value))))
            {
                throw SecurityDomainErrors.Invalid($"share {share.Index} does not match its commitment in the document.");
            }
        }

        return ShamirSecretSharing.Combine(distinct.Select(s => new ShamirShare((byte)s.Index, s.Value)).ToList());
    }

    public static void CheckShape(int shares, int quorum)
    {
        if (shares is < MinShares or > MaxShares)
        {
            throw SecurityDomainErrors.BadRequest($"A security domain goes to {MinShares} to {MaxShares} operator certificates; {shares} were given.");
        }

        if (quorum < MinQuorum || quorum > shares)
        {
            throw SecurityDomainErrors.BadRequest($"The quorum must be between {MinQuorum} and the number of certificates ({shares}); it was {quorum}.");
        }
    }

    private static IReadOnlyList<BackupProtectionKey> DecryptKeys(SecurityDomainDocument document, byte[] secret)
    {
        SecurityDomainKeys? plain;
        try
        {
            var headers = JWT.Headers(document.Keys);
            if (!headers.TryGetValue("coffer-sd", out var id) || id as string != document.Id)
            {
                throw SecurityDomainErrors.Invalid("its keys belong to another document.");
            }

            plain = JsonSerializer.Deserialize(JWT.DecodeBytes(document.Keys, Derive(secret, document.Id, KeysInfo), JweAlgorithm.DIR, JweEncryption.A256GCM),
                SecurityDomainJsonContext.Default.SecurityDomainKeys);
        }
        catch (Exception e) when (e is JoseException or CryptographicException or JsonException or ArgumentException or FormatException)
        {
            throw SecurityDomainErrors.Invalid("its keys cannot be decrypted.");
        }

        var keys = plain?.Keys?.Select(k => new BackupProtectionKey(k.Id, k.SubscriptionId, k.Geography, k.Key)).ToList();
        if (keys is null || keys.Any(k => k.Key is not { Length: 32 } || k.Id is not { Length: 32 })
            || !keys.Select(k => new ProtectionKeyListing(k.Id, k.SubscriptionId, k.Geography)).SequenceEqual(document.ProtectionKeys))
        {
            throw SecurityDomainErrors.Invalid("its keys are not the ones it lists.");
        }

        return keys;
    }

    private static List<ProtectionKeyListing> Listings(IReadOnlyList<BackupProtectionKey> keys) =>
        keys.Select(k => new ProtectionKeyListing(k.Id, k.SubscriptionId, k.Geography)).ToList();

    private static string EncryptKeys(IReadOnlyList<BackupProtectionKey> keys, byte[] secret, string id)
    {
        var plain = new SecurityDomainKeys(keys.Select(k => new SecurityDomainKey(k.Id, k.SubscriptionId, k.Geography, k.Key)).ToList());
        var json = JsonSerializer.SerializeToUtf8Bytes(plain, SecurityDomainJsonContext.Default.SecurityDomainKeys);
        try
        {
            return JWT.EncodeBytes(json, Derive(secret, id, KeysInfo), JweAlgorithm.DIR, JweEncryption.A256GCM,
                extraHeaders: new Dictionary<string, object> { ["coffer-sd"] = id });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(json);
        }
    }

    private static byte[] Mac(SecurityDomainDocument unsigned, byte[] secret) =>
        HMACSHA256.HashData(Derive(secret, unsigned.Id, MacInfo),
            JsonSerializer.SerializeToUtf8Bytes(unsigned with { Mac = null }, SecurityDomainJsonContext.Default.SecurityDomainDocument));

    private static byte[] Derive(byte[] secret, string id, byte[] info) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, Encoding.ASCII.GetBytes(id), info);

    private static string Commitment(string id, byte index, byte[] share) =>
        Convert.ToHexStringLower(SHA256.HashData([.. CommitmentLabel, .. Encoding.ASCII.GetBytes(id), index, .. share]));

    private static byte[] Decode(string base64Url)
    {
        try
        {
            return Base64Url.Decode(base64Url);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IndexOutOfRangeException)
        {
            throw SecurityDomainErrors.Invalid("its MAC is not base64url.");
        }
    }
}
