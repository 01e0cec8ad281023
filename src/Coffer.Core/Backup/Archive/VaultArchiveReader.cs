using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Coffer.Core.Backup.Archive;

/// <summary>
/// Reads vault archives. <see cref="VerifyAsync"/> checks all of one — structure, every blob against its
/// manifest entry, the digest over every byte and, given the keys, the signature — before anything acts
/// on it; <see cref="ReadObjectsAsync"/> then yields the objects, checking again as it goes. Anything
/// wrong is a <see cref="VaultArchiveException"/>, never another exception.
/// </summary>
public static class VaultArchiveReader
{
    /// <summary>
    /// Reads the whole archive. <paramref name="signingKeys"/> finds the signing key of a protection key id
    /// (null when unknown, which fails a signed archive); without it a signature is left unchecked.
    /// <paramref name="onEntry"/> sees each manifest entry once its blob has been checked.
    /// </summary>
    public static async Task<VaultArchiveSummary> VerifyAsync(Stream input,
        Func<string, CancellationToken, Task<VaultArchiveSigningKey?>>? signingKeys, Action<VaultArchiveEntry>? onEntry,
        CancellationToken cancellationToken)
    {
        var scan = new Scan(input, signingKeys);
        await foreach (var item in scan.RunAsync(keepBlobs: false, cancellationToken))
        {
            onEntry?.Invoke(item.Entry);
        }

        return scan.Summary!;
    }

    /// <summary>The header, every entry and the summary: what <c>coffer backup inspect</c> shows.</summary>
    public static async Task<(VaultArchiveSummary Summary, IReadOnlyList<VaultArchiveEntry> Entries)> ReadManifestAsync(Stream input,
        Func<string, CancellationToken, Task<VaultArchiveSigningKey?>>? signingKeys, CancellationToken cancellationToken)
    {
        var entries = new List<VaultArchiveEntry>();
        var summary = await VerifyAsync(input, signingKeys, entries.Add, cancellationToken);
        return (summary, entries);
    }

    /// <summary>
    /// Every object with its blob, in archive order. Each blob is checked against its entry before it is
    /// yielded, but the digest (and, given <paramref name="signingKeys"/>, the signature) only at the end:
    /// verify the archive first when acting on it can't be undone.
    /// </summary>
    public static async IAsyncEnumerable<VaultArchiveObject> ReadObjectsAsync(Stream input,
        Func<string, CancellationToken, Task<VaultArchiveSigningKey?>>? signingKeys, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var scan = new Scan(input, signingKeys);
        await foreach (var item in scan.RunAsync(keepBlobs: true, cancellationToken))
        {
            yield return new VaultArchiveObject(item.Entry, item.Blob!);
        }
    }

    /// <summary>Only the header, for a quick look (where it came from) before reading the rest.</summary>
    public static async Task<VaultArchiveHeader> ReadHeaderAsync(Stream input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var reader = new VaultArchiveStream(input);
        await reader.ReadMagicAsync(cancellationToken);
        return await Scan.ReadHeaderAsync(reader, cancellationToken);
    }

    private sealed class Scan(Stream input, Func<string, CancellationToken, Task<VaultArchiveSigningKey?>>? signingKeys)
    {
        public VaultArchiveSummary? Summary { get; private set; }

        public async IAsyncEnumerable<(VaultArchiveEntry Entry, byte[]? Blob)> RunAsync(bool keepBlobs, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(input);
            using var reader = new VaultArchiveStream(input);
            await reader.ReadMagicAsync(cancellationToken);
            var header = await ReadHeaderAsync(reader, cancellationToken);
            var seen = new HashSet<(ObjectKind, string)>();
            var blobBytes = 0L;
            while (true)
            {
                var (type, length) = await reader.ReadRecordHeaderAsync(cancellationToken);
                if (type == VaultArchiveFormat.End)
                {
                    var end = await reader.ReadJsonAsync(length, VaultArchiveJsonContext.Default.ArchiveEndJson, "end record", cancellationToken);
                    if (end.Objects != seen.Count || end.BlobBytes != blobBytes)
                    {
                        throw VaultArchiveStream.Corrupt($"its end record counts {end.Objects} objects, and it holds {seen.Count}.");
                    }

                    break;
                }

                Expect(VaultArchiveFormat.Entry, type);
                var entry = ToEntry(await reader.ReadJsonAsync(length, VaultArchiveJsonContext.Default.ArchiveEntryJson, "manifest entry", cancellationToken));
                if (!seen.Add((entry.Kind, ObjectName.Normalize(entry.Name))))
                {
                    throw VaultArchiveStream.Corrupt($"it holds {entry.Kind.WireName()} {entry.Name} twice.");
                }

                var (blobType, blobLength) = await reader.ReadRecordHeaderAsync(cancellationToken);
                Expect(VaultArchiveFormat.Blob, blobType);
                if (blobLength != entry.Size)
                {
                    throw VaultArchiveStream.Corrupt($"the blob of {entry.Kind.WireName()} {entry.Name} is {blobLength} bytes, and its entry says {entry.Size}.");
                }

                var (blob, sha256) = await reader.ReadBlobAsync(blobLength, keepBlobs, cancellationToken);
                if (Convert.ToHexStringLower(sha256) != entry.Sha256)
                {
                    throw VaultArchiveStream.Corrupt($"the blob of {entry.Kind.WireName()} {entry.Name} does not match its SHA-256 in the manifest (it was altered).");
                }

                blobBytes += blobLength;
                yield return (entry, blob);
            }

            var digest = reader.DigestSoFar();
            var signed = await ReadTrailerAsync(reader, header, digest, cancellationToken);
            await reader.EnsureEndAsync(cancellationToken);
            Summary = new VaultArchiveSummary(header, seen.Count, blobBytes, Convert.ToHexStringLower(digest), header.SigningKeyId is not null, signed);
        }

        public static async Task<VaultArchiveHeader> ReadHeaderAsync(VaultArchiveStream reader, CancellationToken cancellationToken)
        {
            var (type, length) = await reader.ReadRecordHeaderAsync(cancellationToken);
            Expect(VaultArchiveFormat.Header, type);
            var h = await reader.ReadJsonAsync(length, VaultArchiveJsonContext.Default.ArchiveHeaderJson, "header", cancellationToken);
            if (h.Format != VaultArchiveFormat.Version || h.Vault is null || h.VaultUrl is null
                || h.Source is not (VaultArchiveHeader.CofferSource or VaultArchiveHeader.RestSource))
            {
                throw VaultArchiveStream.Corrupt("its header is incomplete.");
            }

            if (h.Resealed is { } r && (r.By is null || r.FromSubscriptionId is null || r.FromGeography is null))
            {
                throw VaultArchiveStream.Corrupt("its header's re-seal record is incomplete.");
            }

            return new VaultArchiveHeader(h.Vault, h.VaultUrl, h.Source, h.Created, h.SubscriptionId, h.Location, h.Geography, h.SigningKeyId,
                h.Resealed is { } mark ? new BackupResealMark(mark.At, mark.By, mark.FromSubscriptionId, mark.FromGeography) : null);
        }

        /// <summary>Checks the digest and, when the archive is signed and keys were given, the MAC; true when the MAC was checked.</summary>
        private async Task<bool> ReadTrailerAsync(VaultArchiveStream reader, VaultArchiveHeader header, byte[] digest, CancellationToken cancellationToken)
        {
            var (type, length) = await reader.ReadRecordHeaderAsync(cancellationToken);
            Expect(VaultArchiveFormat.Trailer, type);
            var expectedLength = VaultArchiveFormat.DigestLength * (header.SigningKeyId is null ? 1 : 2);
            if (length != expectedLength)
            {
                throw VaultArchiveStream.Corrupt($"its trailer is {length} bytes long, and a{(header.SigningKeyId is null ? "n unsigned" : " signed")} archive's is {expectedLength}.");
            }

            var trailer = await reader.ReadPayloadAsync(length, cancellationToken);
            if (!CryptographicOperations.FixedTimeEquals(trailer.AsSpan(0, VaultArchiveFormat.DigestLength), digest))
            {
                throw VaultArchiveStream.Corrupt("its SHA-256 digest does not match its content (a byte was changed).");
            }

            if (header.SigningKeyId is null || signingKeys is null)
            {
                return false;
            }

            var key = await signingKeys(header.SigningKeyId, cancellationToken)
                ?? throw new VaultArchiveException(
                    $"The vault archive is signed with backup protection key {header.SigningKeyId}, which this Coffer does not hold: it was made by another deployment.");
            if (!CryptographicOperations.FixedTimeEquals(trailer.AsSpan(VaultArchiveFormat.DigestLength), key.Sign(digest)))
            {
                throw VaultArchiveStream.Corrupt("its signature does not match its manifest (it was edited).");
            }

            return true;
        }

        private static VaultArchiveEntry ToEntry(ArchiveEntryJson e)
        {
            var kind = VaultArchiveFormat.KindOf(e.Kind);
            if (!ObjectName.IsValid(e.Name))
            {
                throw VaultArchiveStream.Corrupt("a manifest entry holds an invalid object name.");
            }

            if (e.Sha256 is not { Length: 64 } || e.Sha256.Any(c => !char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
                || e.Size is < 1 or > VaultArchiveFormat.MaxBlobLength
                || e.VersionCount is < 1 || (e.Versions is not null && (e.Versions.Any(v => !ObjectName.IsVersion(v)) || e.VersionCount != e.Versions.Count)))
            {
                throw VaultArchiveStream.Corrupt($"the manifest entry of {kind.WireName()} {e.Name} is malformed.");
            }

            return new VaultArchiveEntry(kind, e.Name, e.Versions, e.VersionCount, e.Size, e.Sha256);
        }

        private static void Expect(byte expected, byte found)
        {
            if (found != expected)
            {
                throw VaultArchiveStream.Corrupt(
                    $"a {VaultArchiveFormat.Describe(found)} record stands where a {VaultArchiveFormat.Describe(expected)} record belongs.");
            }
        }
    }
}
