using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Coffer.Core.Backup.Archive;

/// <summary>
/// Reads an archive's records in order, hashing every byte it consumes, and turns every way a stream can
/// be short or malformed into a <see cref="VaultArchiveException"/>.
/// </summary>
internal sealed class VaultArchiveStream(Stream input) : IDisposable
{
    private const int ChunkLength = 81920;
    private readonly IncrementalHash _digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _chunk = new byte[ChunkLength];

    /// <summary>The digest of every byte read so far.</summary>
    public byte[] DigestSoFar() => _digest.GetCurrentHash();

    public async Task ReadMagicAsync(CancellationToken cancellationToken)
    {
        var magic = new byte[VaultArchiveFormat.Magic.Length];
        var read = await input.ReadAtLeastAsync(magic, magic.Length, throwOnEndOfStream: false, cancellationToken);
        if (read < magic.Length || !magic.AsSpan(0, 18).SequenceEqual(VaultArchiveFormat.Magic.AsSpan(0, 18)))
        {
            throw new VaultArchiveException("This is not a Coffer vault archive (it does not start with 'CofferVaultArchiveV').");
        }

        if (!magic.AsSpan().SequenceEqual(VaultArchiveFormat.Magic))
        {
            throw new VaultArchiveException(
                $"Vault archive format '{System.Text.Encoding.ASCII.GetString(magic).TrimEnd()}' is not one this Coffer reads (it reads V{VaultArchiveFormat.Version}).");
        }

        Consume(magic);
    }

    /// <summary>The next record's type and length; a stream that ends here was cut short.</summary>
    public async Task<(byte Type, long Length)> ReadRecordHeaderAsync(CancellationToken cancellationToken)
    {
        var head = new byte[VaultArchiveFormat.RecordHeaderLength];
        await ReadExactlyAsync(head, cancellationToken);
        Consume(head);
        return (head[0], BinaryPrimitives.ReadUInt32BigEndian(head.AsSpan(1)));
    }

    public async Task<T> ReadJsonAsync<T>(long length, JsonTypeInfo<T> type, string what, CancellationToken cancellationToken)
    {
        if (length > VaultArchiveFormat.MaxJsonLength)
        {
            throw Corrupt($"its {what} is {length} bytes long, more than a {what} can be.");
        }

        var payload = await ReadPayloadAsync(length, cancellationToken);
        try
        {
            return JsonSerializer.Deserialize(payload, type) ?? throw Corrupt($"its {what} is empty.");
        }
        catch (JsonException)
        {
            throw Corrupt($"its {what} is not valid JSON.");
        }
    }

    /// <summary>Reads <paramref name="length"/> bytes: returned when <paramref name="keep"/>, otherwise only hashed; returns their SHA-256 too.</summary>
    public async Task<(byte[]? Bytes, byte[] Sha256)> ReadBlobAsync(long length, bool keep, CancellationToken cancellationToken)
    {
        EnsureAvailable(length);
        using var blobHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var kept = keep ? new byte[length] : null;
        for (long done = 0; done < length;)
        {
            var size = (int)Math.Min(ChunkLength, length - done);
            var target = kept is null ? _chunk.AsMemory(0, size) : kept.AsMemory((int)done, size);
            await ReadExactlyAsync(target, cancellationToken);
            Consume(target.Span);
            blobHash.AppendData(target.Span);
            done += size;
        }

        return (kept, blobHash.GetHashAndReset());
    }

    public async Task<byte[]> ReadPayloadAsync(long length, CancellationToken cancellationToken)
    {
        EnsureAvailable(length);
        var payload = new byte[length];
        await ReadExactlyAsync(payload, cancellationToken);
        Consume(payload);
        return payload;
    }

    public async Task EnsureEndAsync(CancellationToken cancellationToken)
    {
        if (await input.ReadAsync(_chunk.AsMemory(0, 1), cancellationToken) != 0)
        {
            throw Corrupt("there are bytes after its trailer.");
        }
    }

    public static VaultArchiveException Corrupt(string detail) => new($"Vault archive is corrupt: {detail}");

    public static VaultArchiveException CutShort() =>
        new("Vault archive is cut short: it ends before its trailer (an interrupted download or copy?).");

    public void Dispose() => _digest.Dispose();

    /// <summary>A length beyond what a seekable input still holds is a cut-short archive, not a reason to allocate it.</summary>
    private void EnsureAvailable(long length)
    {
        if (length > VaultArchiveFormat.MaxBlobLength)
        {
            throw Corrupt($"a record claims {length} bytes, more than any record may hold.");
        }

        if (input.CanSeek && length > input.Length - input.Position)
        {
            throw CutShort();
        }
    }

    private async Task ReadExactlyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (await input.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken) < buffer.Length)
        {
            throw CutShort();
        }
    }

    private void Consume(ReadOnlySpan<byte> bytes)
    {
        _digest.AppendData(bytes);
    }
}
