using System.Security.Cryptography;
using System.Text;
using Coffer.Core.Backup;
using Coffer.Core.Backup.Archive;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Coffer.Core.Tests;

public sealed class VaultArchiveTests
{
    private static readonly BackupProtectionKey ProtectionKey = new("kid1", "sub-1", "US", RandomNumberGenerator.GetBytes(32));
    private static readonly VaultArchiveSigningKey SigningKey = VaultArchiveSigningKey.From(ProtectionKey);
    private static readonly VaultArchiveHeader Header = new("v1", "https://v1.vault.localhost:8443", VaultArchiveHeader.CofferSource,
        DateTimeOffset.FromUnixTimeSeconds(1_800_000_000), "sub-1", "eastus", "US");

    private static readonly byte[] Small = Write(
        [(ObjectKind.Secret, "s1", [1, 2, 3]), (ObjectKind.Key, "k1", [4, 5]), (ObjectKind.Certificate, "c1", [6])], SigningKey);

    [Property(MaxTest = 50)]
    public bool ReadObjects_OfWrite_ReturnsEveryBlobAndEntry(NonEmptyArray<NonEmptyArray<byte>> blobs, bool withSignature)
    {
        var objects = blobs.Get.Take(20).Select((b, i) => ((ObjectKind)(i % 3), $"obj-{i}", b.Get)).ToList();
        var archive = Write(objects, withSignature ? SigningKey : null);

        var read = ReadAll(archive);
        var summary = Verify(archive, withSignature ? SigningKey : null);

        return read.Count == objects.Count
            && read.Zip(objects).All(p => p.First.Entry.Kind == p.Second.Item1 && p.First.Entry.Name == p.Second.Item2
                && p.First.Blob.AsSpan().SequenceEqual(p.Second.Item3) && p.First.Entry.VersionCount == 2
                && p.First.Entry.Versions!.Count == 2 && p.First.Entry.Sha256 == Convert.ToHexStringLower(SHA256.HashData(p.Second.Item3)))
            && summary.ObjectCount == objects.Count && summary.IsSigned == withSignature && summary.SignatureVerified == withSignature
            && summary.Header == Header with { SigningKeyId = withSignature ? "kid1" : null };
    }

    [Fact]
    public async Task Write_ResealedHeader_ReadsBackWithItsMarkUnderTheSignature()
    {
        var mark = new BackupResealMark(DateTimeOffset.FromUnixTimeSeconds(1_800_000_100), "admin", "sub-0", "Europe");
        using var output = new MemoryStream();
        using (var writer = await VaultArchiveWriter.CreateAsync(output, Header with { Resealed = mark }, SigningKey, default))
        {
            await writer.AddAsync(ObjectKind.Secret, "s1", new byte[] { 1 }, null, null, default);
            await writer.CompleteAsync(default);
        }

        output.Position = 0;
        var summary = await VaultArchiveReader.VerifyAsync(output, (_, _) => Task.FromResult<VaultArchiveSigningKey?>(SigningKey), null, default);

        Assert.Equal(mark, summary.Header.Resealed);
        Assert.True(summary.SignatureVerified);
    }

    [Fact]
    public void Verify_EveryTruncation_FailsWithFormatError()
    {
        for (var cut = 0; cut < Small.Length; cut++)
        {
            var error = Assert.Throws<VaultArchiveException>(() => Verify(Small[..cut]));
            Assert.False(string.IsNullOrWhiteSpace(error.Message));
        }
    }

    [Fact]
    public void Verify_CutAtARecordBoundary_SaysCutShort()
    {
        var error = Assert.Throws<VaultArchiveException>(() => Verify(Small[..(Small.Length - 69)]));

        Assert.Contains("cut short", error.Message, StringComparison.Ordinal);
    }

    [Property(MaxTest = 500)]
    public bool Verify_AnySingleByteChanged_FailsWithFormatError(NonNegativeInt position, byte xor, bool withSignature)
    {
        var archive = (byte[])Small.Clone();
        var at = position.Get % archive.Length;
        archive[at] ^= xor == 0 ? (byte)1 : xor;
        return FailsWithFormatError(archive, withSignature ? SigningKey : null)
            && (!withSignature || FailsReading(archive));
    }

    [Property(MaxTest = 200)]
    public bool Verify_Garbage_FailsWithFormatError(byte[] garbage) =>
        FailsWithFormatError(garbage, SigningKey) && FailsWithFormatError([.. Encoding.ASCII.GetBytes("CofferVaultArchiveV1\n"), .. garbage], SigningKey);

    [Fact]
    public void Verify_SignedByAnotherKey_FailsNamingTheSignature()
    {
        var other = VaultArchiveSigningKey.From(ProtectionKey with { Key = RandomNumberGenerator.GetBytes(32) });

        var error = Assert.Throws<VaultArchiveException>(() => Verify(Small, other));

        Assert.Contains("signature", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_SigningKeyUnknown_FailsNamingTheKey()
    {
        var error = Assert.Throws<VaultArchiveException>(() =>
            VaultArchiveReader.VerifyAsync(new MemoryStream(Small), (_, _) => Task.FromResult<VaultArchiveSigningKey?>(null), null, default).GetAwaiter().GetResult());

        Assert.Contains("kid1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_EntryEditedAndDigestRecomputed_FailsOnTheSignature()
    {
        // Rename s1 to s2 and recompute the SHA-256 trailer: only the MAC, which needs the protection key, can tell.
        var edited = Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(Small).Replace("\"name\":\"s1\"", "\"name\":\"s2\"", StringComparison.Ordinal));
        var trailerStart = edited.Length - 64;
        SHA256.HashData(edited.AsSpan(0, trailerStart - 5)).CopyTo(edited, trailerStart);

        Assert.Equal("s2", ReadAll(edited)[0].Entry.Name); // the digest alone is satisfied
        var error = Assert.Throws<VaultArchiveException>(() => Verify(edited, SigningKey));
        Assert.Contains("signature", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_BytesAfterTheTrailer_Fail()
    {
        var error = Assert.Throws<VaultArchiveException>(() => Verify([.. Small, 0]));

        Assert.Contains("after its trailer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NothingAdded_ReadsAsAnEmptyArchive()
    {
        var archive = Write([], null);

        Assert.Equal(0, Verify(archive).ObjectCount);
        Assert.Empty(ReadAll(archive));
    }

    [Fact]
    public void Write_Layout_StartsWithTheMagicLineAndEndsWithTheDigest()
    {
        var archive = Write([(ObjectKind.Secret, "s1", [9])], null);

        Assert.StartsWith("CofferVaultArchiveV1\nH", Encoding.ASCII.GetString(archive), StringComparison.Ordinal);
        Assert.Equal(SHA256.HashData(archive.AsSpan(0, archive.Length - 37)), archive[^32..]);
        Assert.Equal(Convert.ToHexStringLower(archive[^32..]), Verify(archive).Digest);
    }

    private static bool FailsWithFormatError(byte[] archive, VaultArchiveSigningKey? key)
    {
        try
        {
            Verify(archive, key);
            return false;
        }
        catch (VaultArchiveException)
        {
            return true;
        }
    }

    private static bool FailsReading(byte[] archive)
    {
        try
        {
            ReadAll(archive);
            return false;
        }
        catch (VaultArchiveException)
        {
            return true;
        }
    }

    private static VaultArchiveSummary Verify(byte[] archive, VaultArchiveSigningKey? key = null) =>
        VaultArchiveReader.VerifyAsync(new MemoryStream(archive), key is null ? null : (_, _) => Task.FromResult<VaultArchiveSigningKey?>(key), null, default)
            .GetAwaiter().GetResult();

    private static List<VaultArchiveObject> ReadAll(byte[] archive) =>
        VaultArchiveReader.ReadObjectsAsync(new MemoryStream(archive), null, default).ToListAsync().AsTask().GetAwaiter().GetResult();

    private static byte[] Write(IReadOnlyList<(ObjectKind Kind, string Name, byte[] Blob)> objects, VaultArchiveSigningKey? key)
    {
        using var output = new MemoryStream();
        using var writer = VaultArchiveWriter.CreateAsync(output, Header, key, default).GetAwaiter().GetResult();
        foreach (var (kind, name, blob) in objects)
        {
            writer.AddAsync(kind, name, blob, [new string('a', 32), new string('b', 32)], null, default).GetAwaiter().GetResult();
        }

        writer.CompleteAsync(default).GetAwaiter().GetResult();
        return output.ToArray();
    }
}
