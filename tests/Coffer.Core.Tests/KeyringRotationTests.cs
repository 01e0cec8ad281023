using System.Buffers.Binary;
using System.Security.Cryptography;
using Coffer.Core.Audit;
using Coffer.Core.Crypto;
using Coffer.Core.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Coffer.Core.Tests;

public sealed class KeyringRotationTests
{
    private static readonly ObjectRef Secret = new("vault1", ObjectKind.Secret, "db-password");
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
    private readonly MemoryKeyringStore _store = new();
    private readonly RootKey _root = RootKey.Generate();

    [Fact]
    public async Task AddDataKey_BeforeActivation_SealsUnderOldKey_AfterItUnderNewAndOldValuesOpen()
    {
        var keyring = await LoadAsync(_root);
        var sealer = new EnvelopeSealer(keyring);
        var old = sealer.Seal("old"u8, Secret, "v1");

        var (change, id) = await KeyringRotation.AddDataKeyAsync(_store, _root, Delay, _time, default);
        await keyring.RefreshAsync(_root, default);

        Assert.Equal((KeyringChange.Done, 2), (change, id));
        Assert.Equal(1, KeyIdOf(sealer.Seal("early"u8, Secret, "v2")));
        _time.Advance(Delay);
        var fresh = sealer.Seal("new"u8, Secret, "v3");
        Assert.Equal(2, KeyIdOf(fresh));
        Assert.Equal("old"u8.ToArray(), sealer.Open(old, Secret, "v1"));
        Assert.Equal("new"u8.ToArray(), new EnvelopeSealer(await LoadAsync(_root)).Open(fresh, Secret, "v3"));
    }

    [Fact]
    public async Task Refresh_AnotherNodeSealedUnderANewKey_OpensIt()
    {
        var thisNode = await LoadAsync(_root);
        await KeyringRotation.AddDataKeyAsync(_store, _root, TimeSpan.Zero, _time, default);
        var sealedElsewhere = new EnvelopeSealer(await LoadAsync(_root)).Seal("x"u8, Secret, "v1");

        Assert.Throws<CryptographicException>(() => new EnvelopeSealer(thisNode).Open(sealedElsewhere, Secret, "v1"));
        Assert.Empty(await thisNode.RefreshAsync(_root, default));
        Assert.Equal("x"u8.ToArray(), new EnvelopeSealer(thisNode).Open(sealedElsewhere, Secret, "v1"));
    }

    [Fact]
    public async Task RotateRootKey_BothRootKeysOpenTheKeyring_UntilThePreviousIsForgotten()
    {
        var sealedData = new EnvelopeSealer(await LoadAsync(_root)).Seal("kept"u8, Secret, "v1");
        var next = RootKey.Generate();

        Assert.Equal(KeyringChange.Done, await KeyringRotation.RotateRootKeyAsync(_store, _root, next, _time, default));
        Assert.Equal("kept"u8.ToArray(), new EnvelopeSealer(await LoadAsync(_root)).Open(sealedData, Secret, "v1"));
        Assert.Equal("kept"u8.ToArray(), new EnvelopeSealer(await LoadAsync(next)).Open(sealedData, Secret, "v1"));

        Assert.Equal(KeyringChange.Done, await KeyringRotation.ForgetPreviousAsync(_store, next, default));
        await Assert.ThrowsAsync<CryptographicException>(() => LoadAsync(_root));
        Assert.Equal("kept"u8.ToArray(), new EnvelopeSealer(await LoadAsync(next)).Open(sealedData, Secret, "v1"));
    }

    [Fact]
    public async Task ForgetPrevious_WithThePreviousRootKey_ThrowsAndKeepsBothWraps()
    {
        await LoadAsync(_root);
        await KeyringRotation.RotateRootKeyAsync(_store, _root, RootKey.Generate(), _time, default);

        await Assert.ThrowsAsync<CryptographicException>(() => KeyringRotation.ForgetPreviousAsync(_store, _root, default));
        Assert.All(await _store.ListAsync(default), k => Assert.NotNull(k.PreviousWrapped));
    }

    [Fact]
    public async Task RotateRootKey_ActivationPending_IsRefusedAndChangesNothing()
    {
        await LoadAsync(_root);
        await KeyringRotation.AddDataKeyAsync(_store, _root, Delay, _time, default);
        var before = await _store.ListAsync(default);

        Assert.Equal(KeyringChange.ActivationPending, await KeyringRotation.RotateRootKeyAsync(_store, _root, RootKey.Generate(), _time, default));
        Assert.True(WrappedKeyringKey.SameKeys(await _store.ListAsync(default), before));
        _time.Advance(Delay);
        Assert.Equal(KeyringChange.Done, await KeyringRotation.RotateRootKeyAsync(_store, _root, RootKey.Generate(), _time, default));
    }

    [Fact]
    public async Task RotateRootKey_RerunWithTheSameNextKey_IsAlreadyDone()
    {
        await LoadAsync(_root);
        var next = RootKey.Generate();
        await KeyringRotation.RotateRootKeyAsync(_store, _root, next, _time, default);

        Assert.Equal(KeyringChange.AlreadyDone, await KeyringRotation.RotateRootKeyAsync(_store, _root, next, _time, default));
    }

    [Fact]
    public async Task RotateRootKey_RerunAfterTheNewKeyWasLost_RewrapsUnderAnotherAndKeepsTheHeldOne()
    {
        var sealedData = new EnvelopeSealer(await LoadAsync(_root)).Seal("kept"u8, Secret, "v1");
        await KeyringRotation.RotateRootKeyAsync(_store, _root, RootKey.Generate(), _time, default); // its key never printed
        var again = RootKey.Generate();

        Assert.Equal(KeyringChange.Done, await KeyringRotation.RotateRootKeyAsync(_store, _root, again, _time, default));
        Assert.Equal("kept"u8.ToArray(), new EnvelopeSealer(await LoadAsync(again)).Open(sealedData, Secret, "v1"));
        Assert.Equal("kept"u8.ToArray(), new EnvelopeSealer(await LoadAsync(_root)).Open(sealedData, Secret, "v1"));
    }

    [Fact]
    public async Task RotateAgainOrAddDataKey_PreviousRootKeyNotForgotten_AreRefused()
    {
        await LoadAsync(_root);
        var next = RootKey.Generate();
        await KeyringRotation.RotateRootKeyAsync(_store, _root, next, _time, default);

        Assert.Equal(KeyringChange.PreviousRootKeyAccepted, await KeyringRotation.RotateRootKeyAsync(_store, next, RootKey.Generate(), _time, default));
        Assert.Equal(KeyringChange.PreviousRootKeyAccepted, (await KeyringRotation.AddDataKeyAsync(_store, next, Delay, _time, default)).Change);
        await KeyringRotation.ForgetPreviousAsync(_store, next, default);
        Assert.Equal(KeyringChange.Done, (await KeyringRotation.AddDataKeyAsync(_store, next, Delay, _time, default)).Change);
    }

    [Fact]
    public async Task Refresh_NodeOnTheOldRootKey_KeepsItsKeysAndReportsTheKeyItCannotOpen()
    {
        var node = await LoadAsync(_root);
        var next = RootKey.Generate();
        await KeyringRotation.RotateRootKeyAsync(_store, _root, next, _time, default);
        await KeyringRotation.ForgetPreviousAsync(_store, next, default);
        await KeyringRotation.AddDataKeyAsync(_store, next, TimeSpan.Zero, _time, default);

        Assert.Equal([2], await node.RefreshAsync(_root, default));
        Assert.Equal(1, node.ActiveKeyId);
        Assert.Empty(await node.RefreshAsync(next, default));
        Assert.Equal(2, node.ActiveKeyId);
    }

    [Fact]
    public async Task AuditChainKey_SurvivesARootKeyRotation()
    {
        var chainKey = (await LoadAsync(_root)).AuditChainKey;
        var next = RootKey.Generate();
        await KeyringRotation.RotateRootKeyAsync(_store, _root, next, _time, default);
        await KeyringRotation.ForgetPreviousAsync(_store, next, default);

        Assert.Equal(chainKey, (await LoadAsync(next)).AuditChainKey);
        Assert.NotEqual(_root.DeriveKey(AuditChain.KeyPurpose), chainKey); // a new keyring's chain key owes nothing to the root key
    }

    [Fact]
    public async Task AuditChainKey_KeyringFromBeforeItWasKept_IsTheOneDerivedFromTheRootKey()
    {
        await _store.AddAsync(new WrappedKeyringKey(1, _root.Wrap(1, RandomNumberGenerator.GetBytes(32)), _time.GetUtcNow()), default);

        Assert.Equal(_root.DeriveKey(AuditChain.KeyPurpose), (await LoadAsync(_root)).AuditChainKey);
    }

    private Task<Keyring> LoadAsync(RootKey root) => Keyring.LoadAsync(_store, root, _time, default);

    private static int KeyIdOf(byte[] sealedData) => BinaryPrimitives.ReadInt32BigEndian(sealedData.AsSpan(1, 4));
}
