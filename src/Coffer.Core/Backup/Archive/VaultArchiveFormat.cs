using System.Text;

namespace Coffer.Core.Backup.Archive;

/// <summary>
/// The byte layout of a vault archive (docs/backup-format.md, "Vault archive"): a text magic line, then
/// records of one ASCII type byte, a big-endian u32 length and the payload. Header <c>H</c>, per object an
/// entry <c>E</c> and its blob <c>B</c>, an end <c>Z</c>, and the trailer <c>T</c> — the SHA-256 of every
/// byte before it and, when signed, an HMAC-SHA256 of that digest — which must be the last bytes.
/// </summary>
internal static class VaultArchiveFormat
{
    public const int Version = 1;

    public static readonly byte[] Magic = Encoding.ASCII.GetBytes("CofferVaultArchiveV1\n");

    public const byte Header = (byte)'H';
    public const byte Entry = (byte)'E';
    public const byte Blob = (byte)'B';
    public const byte End = (byte)'Z';
    public const byte Trailer = (byte)'T';

    public const int RecordHeaderLength = 5;
    public const int DigestLength = 32;

    /// <summary>Header, entry and end records are small JSON documents.</summary>
    public const int MaxJsonLength = 4 * 1024 * 1024;

    /// <summary>The largest blob a record may hold (a blob of 10 000 versions is well under this).</summary>
    public const long MaxBlobLength = 1024L * 1024 * 1024;

    public static string Describe(byte type) => type switch
    {
        Header => "header",
        Entry => "manifest entry",
        Blob => "blob",
        End => "end",
        Trailer => "trailer",
        _ => $"unknown (0x{type:x2})",
    };

    public static ObjectKind KindOf(string? wireName) => wireName switch
    {
        "key" => ObjectKind.Key,
        "secret" => ObjectKind.Secret,
        "certificate" => ObjectKind.Certificate,
        _ => throw new VaultArchiveException($"Vault archive is corrupt: a manifest entry names an unknown kind '{wireName}'."),
    };
}
