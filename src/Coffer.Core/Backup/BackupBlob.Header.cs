using Base64Url = System.Buffers.Text.Base64Url;
using System.Globalization;
using System.Text;
using Jose;

namespace Coffer.Core.Backup;

public static partial class BackupBlob
{
    /// <summary>GCM's 96-bit IV and 128-bit tag: with the wrap's size, what a well-formed blob's JWE segments hold.</summary>
    private const int IvBytes = 12;
    private const int TagBytes = 16;

    /// <summary>
    /// Reads a blob's protected header without any key: kind, format, subscription, geography, protection
    /// key id, creation time. The header is readable by design; it is only <em>authenticated</em> when the
    /// blob is opened (<see cref="OpenAsync"/>), so treat what this returns as the blob's claim. A blob
    /// whose structure is broken (marker, segments, encoding, sizes, header members) is refused here already.
    /// </summary>
    public static BackupHeader ReadHeader(byte[] blob)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var (kind, token) = Split(blob);
        var segments = token.Split('.');
        var headers = Guard(() => JWT.Headers(token)) ?? throw BackupErrors.Corrupt("its JWE has no header.");
        if (Base64Url.DecodeFromChars(segments[1]).Length != WrapOf(headers).WrappedKeyBytes || Base64Url.DecodeFromChars(segments[2]).Length != IvBytes
            || Base64Url.DecodeFromChars(segments[4]).Length != TagBytes || segments[3].Length == 0)
        {
            throw BackupErrors.Corrupt("it is truncated or its JWE segments have the wrong sizes.");
        }

        return HeaderOf(headers, kind);
    }

    /// <summary>The key wrap the header names, if it is one Coffer writes (so a blob cannot ask for a weaker one).</summary>
    private static KeyWrap WrapOf(IDictionary<string, object> headers) =>
        headers.TryGetValue("alg", out var alg) && alg is string name && AcceptedWraps.TryGetValue(name, out var wrap)
            ? wrap
            : throw BackupErrors.Corrupt("its key wrap algorithm is not one Coffer writes.");

    /// <summary>The protected header's members, checked against the marker's kind and this format.</summary>
    private static BackupHeader HeaderOf(IDictionary<string, object> headers, ObjectKind kind)
    {
        var header = Guard(() => new BackupHeader(
            (string)headers["kid"],
            kind,
            (string)headers[SubscriptionHeader],
            (string)headers[GeographyHeader],
            Convert.ToInt32(headers[FormatHeader], CultureInfo.InvariantCulture),
            DateTimeOffset.FromUnixTimeSeconds(Convert.ToInt64(headers[CreatedHeader], CultureInfo.InvariantCulture)),
            ResealMarkOf(headers)));
        if (Guard(() => (string)headers[KindHeader]) != kind.WireName() || header.Format != FormatVersion)
        {
            throw BackupErrors.Corrupt("its header does not match its marker.");
        }

        return header;
    }

    /// <summary>The re-seal members, all four or none (a blob never re-sealed has none).</summary>
    private static BackupResealMark? ResealMarkOf(IDictionary<string, object> headers)
    {
        if (!headers.TryGetValue(ResealedHeader, out var at))
        {
            return null;
        }

        return new BackupResealMark(
            DateTimeOffset.FromUnixTimeSeconds(Convert.ToInt64(at, CultureInfo.InvariantCulture)),
            (string)headers[ResealedByHeader],
            (string)headers[ResealedFromSubscriptionHeader],
            (string)headers[ResealedFromGeographyHeader]);
    }

    private sealed record KeyWrap(JweAlgorithm Algorithm, int WrappedKeyBytes);

    /// <summary>The marker's kind (checked: a Coffer marker of a format this Coffer reads) and the JWE after it (five canonical base64url segments).</summary>
    private static (ObjectKind Kind, string Token) Split(byte[] blob)
    {
        if (blob.Length < 2 || blob.Length < 1 + blob[0])
        {
            throw BackupErrors.Corrupt("it is too short.");
        }

        var markerMatch = MarkerPattern().Match(Encoding.ASCII.GetString(blob, 1, blob[0]));
        if (!markerMatch.Success)
        {
            throw BackupErrors.Corrupt("it is not a Coffer backup.");
        }

        if (markerMatch.Groups["format"].Value != FormatVersion.ToString(CultureInfo.InvariantCulture))
        {
            throw BackupErrors.Corrupt($"format version {markerMatch.Groups["format"].Value} is not one this Coffer reads.");
        }

        var token = Encoding.ASCII.GetString(blob, 1 + blob[0], blob.Length - 1 - blob[0]);
        var segments = token.Split('.');
        if (segments.Length != 5)
        {
            throw BackupErrors.Corrupt("it holds no JWE.");
        }

        // Base64url leaves spare bits in a segment's last character; a blob whose text differs from the
        // canonical encoding of its bytes was altered, even where the bytes (and so the tag) survive.
        if (!segments.All(IsCanonicalBase64Url))
        {
            throw BackupErrors.Corrupt("its encoding was altered.");
        }

        return (KindOf(markerMatch.Groups["kind"].Value.ToLowerInvariant()), token);
    }
}
