using System.Security.Cryptography;
using Coffer.Core.Backup;
using Coffer.Core.Errors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Coffer.Core.Tests;

/// <summary><see cref="BackupBlob.ReadHeader"/>: the header without a key; any damage it can see is a 400, never another exception.</summary>
public sealed class BackupHeaderTests
{
    private static readonly BackupProtectionKey Key = new("0123456789abcdef0123456789abcdef", "sub-1", "Europe", RandomNumberGenerator.GetBytes(32));
    private static readonly DateTimeOffset Created = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    [Fact]
    public void ReadHeader_OfSeal_ReturnsKindSubscriptionGeographyKeyFormatAndTime()
    {
        var header = BackupBlob.ReadHeader(Blob(ObjectKind.Certificate));

        Assert.Equal(new BackupHeader(Key.Id, ObjectKind.Certificate, "sub-1", "Europe", 1, Created), header);
    }

    [Fact]
    public async Task Seal_Resealed_HeaderAndOpenBothCarryTheMark()
    {
        var mark = new BackupResealMark(Created.AddDays(1), "admin-object-id", "sub-0", "US");
        var blob = BackupBlob.Seal(Content(ObjectKind.Secret), Key, Created, mark);

        var (opened, _) = await BackupBlob.OpenAsync(blob, ObjectKind.Secret, (_, _) => Task.FromResult<BackupProtectionKey?>(Key), default);

        Assert.Equal(new BackupHeader(Key.Id, ObjectKind.Secret, "sub-1", "Europe", 1, Created, mark), BackupBlob.ReadHeader(blob));
        Assert.Equal(mark, opened.Resealed);
        Assert.Null(BackupBlob.ReadHeader(Blob(ObjectKind.Secret)).Resealed);
    }

    [Property(MaxTest = 300)]
    public bool ReadHeader_Truncated_Fails400(NonNegativeInt cut)
    {
        var blob = Blob(ObjectKind.Key);
        return Fails400OrReads(blob[..(cut.Get % blob.Length)]) == 400;
    }

    [Property(MaxTest = 300)]
    public Property ReadHeader_AnyFlippedBit_Fails400OrReadsAHeader(PositiveInt position)
    {
        var blob = Blob(ObjectKind.Secret);
        var bit = position.Get % (blob.Length * 8);
        blob[bit / 8] ^= (byte)(1 << (bit % 8));
        return Prop.ToProperty(Fails400OrReads(blob) is 400 or 200);
    }

    [Property]
    public bool ReadHeader_Garbage_Fails400(byte[] garbage) => Fails400OrReads(garbage) == 400;

    private static byte[] Blob(ObjectKind kind) => BackupBlob.Seal(Content(kind), Key, Created);

    private static BackupContent Content(ObjectKind kind) => new(kind, "n1", null, [new PlainVersion(
        new ObjectVersion(Guid.NewGuid().ToString("N"), Created, Created, new ObjectAttributes(true, null, null), null, null, [], null), [1, 2, 3])]);

    /// <summary>400 for a refusal, 200 for a header read; any other exception fails the property by escaping.</summary>
    private static int Fails400OrReads(byte[] blob)
    {
        try
        {
            BackupBlob.ReadHeader(blob);
            return 200;
        }
        catch (KeyVaultException e)
        {
            return e.Status;
        }
    }
}
