using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;

namespace Coffer.Core.Backup.Archive;

/// <summary>
/// Writes a vault archive to a stream as objects come, holding one blob at a time and a running
/// digest — never the whole archive — so memory stays flat whatever the vault's size. Call
/// <see cref="CompleteAsync"/> at the end; an archive without its trailer reads as cut short.
/// </summary>
public sealed class VaultArchiveWriter : IDisposable
{
    private readonly Stream _output;
    private readonly VaultArchiveHeader _header;
    private readonly VaultArchiveSigningKey? _signingKey;
    private readonly IncrementalHash _digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private int _objects;
    private long _blobBytes;
    private bool _completed;

    private VaultArchiveWriter(Stream output, VaultArchiveHeader header, VaultArchiveSigningKey? signingKey)
    {
        _output = output;
        _header = header;
        _signingKey = signingKey;
    }

    /// <summary>Starts an archive: writes the magic line and the header (its signing key id set from <paramref name="signingKey"/>).</summary>
    public static async Task<VaultArchiveWriter> CreateAsync(Stream output, VaultArchiveHeader header, VaultArchiveSigningKey? signingKey,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(header);
        if (header.Source is not (VaultArchiveHeader.CofferSource or VaultArchiveHeader.RestSource))
        {
            throw new ArgumentException($"Source must be '{VaultArchiveHeader.CofferSource}' or '{VaultArchiveHeader.RestSource}'.", nameof(header));
        }

        var writer = new VaultArchiveWriter(output, header with { SigningKeyId = signingKey?.KeyId }, signingKey);
        await writer.WriteRawAsync(VaultArchiveFormat.Magic, cancellationToken);
        var h = writer._header;
        await writer.WriteRecordAsync(VaultArchiveFormat.Header, JsonSerializer.SerializeToUtf8Bytes(
            new ArchiveHeaderJson(VaultArchiveFormat.Version, h.Vault, h.VaultUrl, h.Source, h.Created, h.SubscriptionId, h.Location, h.Geography, h.SigningKeyId,
                h.Resealed is { } r ? new ArchiveResealJson(r.At, r.By, r.FromSubscriptionId, r.FromGeography) : null),
            VaultArchiveJsonContext.Default.ArchiveHeaderJson), cancellationToken);
        return writer;
    }

    /// <summary>Adds one object's blob (opaque bytes, as a Key Vault backup returns them) with its manifest entry.</summary>
    public async Task<VaultArchiveEntry> AddAsync(ObjectKind kind, string name, ReadOnlyMemory<byte> blob, IReadOnlyList<string>? versions,
        int? versionCount, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (!ObjectName.IsValid(name))
        {
            throw new ArgumentException($"'{name}' is not a Key Vault object name.", nameof(name));
        }

        if (blob.Length == 0 || blob.Length > VaultArchiveFormat.MaxBlobLength)
        {
            throw new ArgumentException($"A blob must hold 1 to {VaultArchiveFormat.MaxBlobLength} bytes.", nameof(blob));
        }

        if (versions is not null && (versionCount ?? versions.Count) != versions.Count)
        {
            throw new ArgumentException("The version count differs from the number of versions listed.", nameof(versionCount));
        }

        var entry = new VaultArchiveEntry(kind, name, versions, versionCount ?? versions?.Count, blob.Length,
            Convert.ToHexStringLower(SHA256.HashData(blob.Span)));
        await WriteRecordAsync(VaultArchiveFormat.Entry, JsonSerializer.SerializeToUtf8Bytes(
            new ArchiveEntryJson(kind.WireName(), name, versions, entry.VersionCount, entry.Size, entry.Sha256),
            VaultArchiveJsonContext.Default.ArchiveEntryJson), cancellationToken);
        await WriteRecordAsync(VaultArchiveFormat.Blob, blob, cancellationToken);
        _objects++;
        _blobBytes += blob.Length;
        return entry;
    }

    /// <summary>Writes the end record and the trailer (digest, and the MAC when signing), then flushes.</summary>
    public async Task<VaultArchiveSummary> CompleteAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        await WriteRecordAsync(VaultArchiveFormat.End,
            JsonSerializer.SerializeToUtf8Bytes(new ArchiveEndJson(_objects, _blobBytes), VaultArchiveJsonContext.Default.ArchiveEndJson),
            cancellationToken);
        var digest = _digest.GetHashAndReset();
        byte[] trailer = _signingKey is null ? digest : [.. digest, .. _signingKey.Sign(digest)];
        await WriteRecordAsync(VaultArchiveFormat.Trailer, trailer, cancellationToken);
        await _output.FlushAsync(cancellationToken);
        _completed = true;
        return new VaultArchiveSummary(_header, _objects, _blobBytes, Convert.ToHexStringLower(digest), _signingKey is not null, false);
    }

    public void Dispose() => _digest.Dispose();

    private async Task WriteRecordAsync(byte type, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var head = new byte[VaultArchiveFormat.RecordHeaderLength];
        head[0] = type;
        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(1), checked((uint)payload.Length));
        await WriteRawAsync(head, cancellationToken);
        await WriteRawAsync(payload, cancellationToken);
    }

    private async Task WriteRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        _digest.AppendData(bytes.Span);
        await _output.WriteAsync(bytes, cancellationToken);
    }
}
