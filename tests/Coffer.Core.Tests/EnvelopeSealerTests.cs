using System.Security.Cryptography;
using Coffer.Core.Crypto;
using Coffer.Core.Storage;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Coffer.Core.Tests;

public sealed class EnvelopeSealerTests
{
    private static readonly ObjectRef Secret = new("vault1", ObjectKind.Secret, "db-password");
    private static readonly EnvelopeSealer Sealer = NewSealer(RootKey.Generate());

    [Property]
    public bool Open_OfSeal_ReturnsPlaintext(byte[] plaintext) =>
        Sealer.Open(Sealer.Seal(plaintext, Secret, "v1"), Secret, "v1").AsSpan().SequenceEqual(plaintext);

    [Property]
    public Property Open_AnyFlippedBit_ThrowsCryptographicException(NonEmptyArray<byte> plaintext, PositiveInt position)
    {
        var sealedData = Sealer.Seal(plaintext.Get, Secret, "v1");
        var bit = position.Get % (sealedData.Length * 8);
        sealedData[bit / 8] ^= (byte)(1 << (bit % 8));
        return Prop.ToProperty(Throws(() => Sealer.Open(sealedData, Secret, "v1")));
    }

    [Property]
    public bool Open_Truncated_ThrowsCryptographicException(NonEmptyArray<byte> plaintext, PositiveInt cut)
    {
        var sealedData = Sealer.Seal(plaintext.Get, Secret, "v1");
        var length = cut.Get % sealedData.Length;
        return Throws(() => Sealer.Open(sealedData[..length], Secret, "v1"));
    }

    [Fact]
    public void Open_OtherVersionOrObject_Fails()
    {
        var sealedData = Sealer.Seal("s3cret"u8, Secret, "v1");

        Assert.Throws<AuthenticationTagMismatchException>(() => Sealer.Open(sealedData, Secret, "v2"));
        Assert.Throws<AuthenticationTagMismatchException>(() => Sealer.Open(sealedData, Secret with { Name = "other" }, "v1"));
        Assert.Throws<AuthenticationTagMismatchException>(() => Sealer.Open(sealedData, Secret with { Vault = "vault2" }, "v1"));
        Assert.Throws<AuthenticationTagMismatchException>(() => Sealer.Open(sealedData, Secret with { Kind = ObjectKind.Key }, "v1"));
    }

    [Fact]
    public void Open_NameInOtherCase_Succeeds()
    {
        var sealedData = Sealer.Seal("s3cret"u8, Secret, "v1");

        Assert.Equal("s3cret"u8.ToArray(), Sealer.Open(sealedData, Secret with { Name = "DB-Password" }, "v1"));
    }

    [Fact]
    public void Seal_SamePlaintextTwice_GivesDifferentCiphertexts()
    {
        Assert.NotEqual(Sealer.Seal("x"u8, Secret, "v1"), Sealer.Seal("x"u8, Secret, "v1"));
    }

    [Fact]
    public async Task LoadKeyring_WithOtherRootKey_Throws()
    {
        var store = new MemoryKeyringStore();
        await Keyring.LoadAsync(store, RootKey.Generate(), TimeProvider.System, CancellationToken.None);

        var error = await Assert.ThrowsAsync<CryptographicException>(
            () => Keyring.LoadAsync(store, RootKey.Generate(), TimeProvider.System, CancellationToken.None));
        Assert.Contains("another root key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadKeyring_SameRootKey_OpensWhatItSealed()
    {
        var store = new MemoryKeyringStore();
        var root = RootKey.Generate();
        var first = new EnvelopeSealer(await Keyring.LoadAsync(store, root, TimeProvider.System, CancellationToken.None));
        var sealedData = first.Seal("kept"u8, Secret, "v1");

        var second = new EnvelopeSealer(await Keyring.LoadAsync(store, root, TimeProvider.System, CancellationToken.None));

        Assert.Equal("kept"u8.ToArray(), second.Open(sealedData, Secret, "v1"));
        Assert.Equal([Keyring.AuditChainKeyId, 1], (await store.ListAsync(CancellationToken.None)).Select(k => k.Id).Order());
    }

    private static bool Throws(Action action)
    {
        try
        {
            action();
            return false;
        }
        catch (CryptographicException)
        {
            return true;
        }
    }

    private static EnvelopeSealer NewSealer(RootKey root) =>
        new(Keyring.LoadAsync(new MemoryKeyringStore(), root, TimeProvider.System, CancellationToken.None).GetAwaiter().GetResult());
}
