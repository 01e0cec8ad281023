using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Jose;

namespace Coffer.Core.Backup;

/// <summary>
/// The backup blob (docs/backup-format.md): a one-byte length, an ASCII marker naming kind and format
/// (<c>CofferKeyBackupV1</c>), then a compact JWE — A256GCMKW under the (subscription, geography)'s
/// protection key, A256GCM, DEFLATE from 16 KB — whose protected header names the key, kind, subscription,
/// geography, format and creation time. Every failure to open is a 400, never another exception.
/// </summary>
public static partial class BackupBlob
{
    public const int FormatVersion = 1;

    private const string KindHeader = "coffer-kind";
    private const string SubscriptionHeader = "coffer-sub";
    private const string GeographyHeader = "coffer-geo";
    private const string FormatHeader = "coffer-fmt";
    private const string CreatedHeader = "coffer-created";
    private const string ResealedHeader = "coffer-resealed";
    private const string ResealedByHeader = "coffer-resealed-by";
    private const string ResealedFromSubscriptionHeader = "coffer-resealed-from-sub";
    private const string ResealedFromGeographyHeader = "coffer-resealed-from-geo";

    /// <summary>
    /// jose-jwt caps inflated payloads (against decompression bombs) far below a long history; Coffer's
    /// cap is the largest payload it would write: 10 000 versions of 25 KB with room to spare.
    /// </summary>
    public const long MaxPayloadBytes = 512L * 1024 * 1024;

    /// <summary>
    /// How new blobs wrap their content key. jose-jwt's A256KW (RFC 3394) runs ~130 us and 33 KB of garbage
    /// per wrap, block by block; A256GCMKW wraps with one AES-GCM call in ~2 us. Blobs wrapped with A256KW by
    /// earlier releases still open: the header's <c>alg</c> picks one of <see cref="AcceptedWraps"/>.
    /// </summary>
    private const JweAlgorithm Wrap = JweAlgorithm.A256GCMKW;

    /// <summary>
    /// The key wraps a blob may name, with the size of the 256-bit content key once wrapped: A256GCMKW's IV and
    /// tag sit in the header (32 bytes), A256KW adds its 8-byte integrity block (40 bytes).
    /// </summary>
    private static readonly Dictionary<string, KeyWrap> AcceptedWraps = new(StringComparer.Ordinal)
    {
        ["A256GCMKW"] = new(JweAlgorithm.A256GCMKW, 32),
        ["A256KW"] = new(JweAlgorithm.A256KW, 40),
    };

    /// <summary>
    /// Payloads from this size on are deflated (<c>zip: DEF</c>); smaller ones are not. zlib's set-up (a
    /// 256 KB window cleared per stream) costs more than the bytes it saves on a few kilobytes: 5.6 us for a
    /// 0.7 KB secret and 30 us for a 6 KB RSA key, a fifth of a backup request's CPU, to save ~1 KB on the
    /// key. Long histories, where compression pays, are far above it.
    /// </summary>
    public const int DeflateFromBytes = 16 * 1024;

    private static readonly JwtSettings Settings = new JwtSettings()
        .RegisterCompression(JweCompression.DEF, new FastDeflate(MaxPayloadBytes))
        .RegisterJwa(JweAlgorithm.A256GCMKW, new GcmKeyWrap());

    public static string Marker(ObjectKind kind) => $"Coffer{kind.DisplayName()}BackupV{FormatVersion}";

    /// <param name="resealed">Set when an administrator moves the content here from another (subscription, geography): the
    /// header then says when, by whom and from where, authenticated with the rest of it.</param>
    public static byte[] Seal(BackupContent content, BackupProtectionKey key, DateTimeOffset created, BackupResealMark? resealed = null)
    {
        var payload = ToPayload(content);
        var headers = new Dictionary<string, object>
        {
            ["kid"] = key.Id,
            [KindHeader] = content.Kind.WireName(),
            [SubscriptionHeader] = key.SubscriptionId,
            [GeographyHeader] = key.Geography,
            [FormatHeader] = FormatVersion,
            [CreatedHeader] = created.ToUnixTimeSeconds(),
        };
        if (resealed is not null)
        {
            headers[ResealedHeader] = resealed.At.ToUnixTimeSeconds();
            headers[ResealedByHeader] = resealed.By;
            headers[ResealedFromSubscriptionHeader] = resealed.FromSubscriptionId;
            headers[ResealedFromGeographyHeader] = resealed.FromGeography;
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(payload, BackupJsonContext.Default.BackupPayload);
        var token = JWT.EncodeBytes(json, key.Key, Wrap, JweEncryption.A256GCM, json.Length >= DeflateFromBytes ? JweCompression.DEF : null, headers, Settings);

        var marker = Encoding.ASCII.GetBytes(Marker(content.Kind));
        return [(byte)marker.Length, .. marker, .. Encoding.ASCII.GetBytes(token)];
    }

    /// <summary>Opens a blob meant for <paramref name="expected"/>; 400 for anything corrupt, foreign or of another kind.</summary>
    public static async Task<(BackupHeader Header, BackupContent Content)> OpenAsync(byte[] blob, ObjectKind expected,
        Func<string, CancellationToken, Task<BackupProtectionKey?>> findKey, CancellationToken cancellationToken)
    {
        var (markedKind, token) = Split(blob);
        if (markedKind != expected)
        {
            throw BackupErrors.WrongKind(expected, markedKind.WireName());
        }

        var headers = Guard(() => JWT.Headers(token)) ?? throw BackupErrors.Corrupt("its JWE has no header.");
        var keyId = headers.TryGetValue("kid", out var kid) && kid is string id ? id : throw BackupErrors.Corrupt("it names no protection key.");
        var wrap = WrapOf(headers);
        var key = await findKey(keyId, cancellationToken) ?? throw BackupErrors.UnknownProtectionKey(keyId);

        // Decryption authenticates the protected header too, so the header read above is trusted from here on.
        var plaintext = Guard(() => JWT.DecodeBytes(token, key.Key, wrap.Algorithm, JweEncryption.A256GCM, Settings));
        var header = HeaderOf(headers, expected);
        if (header.SubscriptionId != key.SubscriptionId || header.Geography != key.Geography)
        {
            throw BackupErrors.Corrupt("its header does not match its protection key.");
        }

        return (header, ToContent(expected, Guard(() => JsonSerializer.Deserialize(plaintext, BackupJsonContext.Default.BackupPayload))));
    }

    private static BackupPayload ToPayload(BackupContent content) => new(
        content.Kind.WireName(), content.Name, content.Policy,
        content.Versions.Select(v => new BackupVersion(
            v.Version.Version, v.Version.Created.ToUnixTimeSeconds(), v.Version.Updated.ToUnixTimeSeconds(), v.Version.Attributes.Enabled,
            v.Version.Attributes.NotBefore?.ToUnixTimeSeconds(), v.Version.Attributes.Expires?.ToUnixTimeSeconds(),
            v.Version.Tags, v.Version.ContentType, v.Material, v.Version.Properties)).ToList(),
        content.Linked?.Select(ToPayload).ToList());

    private static BackupContent ToContent(ObjectKind kind, BackupPayload? payload)
    {
        var linked = payload?.Linked?.Select(l => ToContent(KindOf(l.Kind), l)).ToList();
        if (linked is not null && (linked.Any(l => l.Name != payload!.Name) || linked.Select(l => l.Kind).Distinct().Count() != linked.Count))
        {
            throw BackupErrors.Corrupt("its linked objects do not belong to it.");
        }

        if (payload is null || payload.Kind != kind.WireName() || !ObjectName.IsValid(payload.Name)
            || payload.Versions is not { Count: > 0 } || payload.Versions.Any(v => !ObjectName.IsVersion(v.Version) || v.Material is null)
            || payload.Versions.Select(v => v.Version).Distinct(StringComparer.OrdinalIgnoreCase).Count() != payload.Versions.Count)
        {
            throw BackupErrors.Corrupt("its content is incomplete.");
        }

        var versions = payload.Versions.Select(v => new PlainVersion(
            new ObjectVersion(v.Version.ToLowerInvariant(), DateTimeOffset.FromUnixTimeSeconds(v.Created), DateTimeOffset.FromUnixTimeSeconds(v.Updated),
                new ObjectAttributes(v.Enabled, FromUnix(v.NotBefore), FromUnix(v.Expires)), v.Tags, v.ContentType, [], v.Properties),
            v.Material)).ToList();
        return new BackupContent(kind, payload.Name, payload.Policy, versions, linked);
    }

    private static ObjectKind KindOf(string wireName) =>
        Enum.GetValues<ObjectKind>().FirstOrDefault(k => k.WireName() == wireName) is var kind && kind.WireName() == wireName
            ? kind
            : throw BackupErrors.Corrupt("it links an object of an unknown kind.");

    private static bool IsCanonicalBase64Url(string segment)
    {
        try
        {
            return System.Buffers.Text.Base64Url.EncodeToString(System.Buffers.Text.Base64Url.DecodeFromChars(segment)) == segment;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static DateTimeOffset? FromUnix(long? seconds) => seconds is { } s ? DateTimeOffset.FromUnixTimeSeconds(s) : null;

    /// <summary>Whatever the JOSE library or the parser throws on hostile input becomes "corrupt".</summary>
    private static T Guard<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is JoseException or JsonException or FormatException or ArgumentException
            or InvalidCastException or KeyNotFoundException or OverflowException
            or System.Security.Cryptography.CryptographicException or InvalidDataException)
        {
            throw BackupErrors.Corrupt();
        }
    }

    [GeneratedRegex("^Coffer(?<kind>Key|Secret|Certificate)BackupV(?<format>[0-9]{1,3})$", RegexOptions.CultureInvariant)]
    private static partial Regex MarkerPattern();
}
