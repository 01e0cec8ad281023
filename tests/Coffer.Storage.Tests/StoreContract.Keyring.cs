using Coffer.Core.Storage;

namespace Coffer.Storage.Tests;

/// <summary>The keyring's compare-and-swap: the one way keys are re-wrapped or rotated in.</summary>
public abstract partial class StoreContract
{
    [Fact]
    public async Task KeyringReplace_StillAsRead_WritesEveryKeyWithItsActivationAndPreviousWrap()
    {
        await Store.Keyring.AddAsync(new WrappedKeyringKey(0, [0], Now), default);
        await Store.Keyring.AddAsync(new WrappedKeyringKey(1, [1], Now), default);
        var read = await Store.Keyring.ListAsync(default);
        WrappedKeyringKey[] replacement =
        [
            read[0] with { Wrapped = [10], PreviousWrapped = [0] },
            read[1] with { Wrapped = [11], PreviousWrapped = [1] },
            new WrappedKeyringKey(2, [12], Now, Now.AddSeconds(30)),
        ];

        Assert.True(await Store.Keyring.ReplaceAsync(read, replacement, default));

        Assert.True(WrappedKeyringKey.SameKeys(await Store.Keyring.ListAsync(default), replacement));
    }

    [Fact]
    public async Task KeyringReplace_ChangedSinceRead_ReturnsFalseAndWritesNothing()
    {
        await Store.Keyring.AddAsync(new WrappedKeyringKey(1, [1], Now), default);
        var read = await Store.Keyring.ListAsync(default);
        Assert.True(await Store.Keyring.ReplaceAsync(read, [read[0] with { PreviousWrapped = [9] }], default));
        var current = await Store.Keyring.ListAsync(default);
        await Store.Keyring.AddAsync(new WrappedKeyringKey(2, [2], Now), default);

        Assert.False(await Store.Keyring.ReplaceAsync(read, [read[0] with { Wrapped = [7] }], default)); // a key changed
        Assert.False(await Store.Keyring.ReplaceAsync(current, [current[0] with { Wrapped = [7] }], default)); // a key was added

        var stored = await Store.Keyring.ListAsync(default);
        Assert.Equal([1], stored[0].Wrapped);
        Assert.Equal([9], stored[0].PreviousWrapped);
        Assert.Equal([1, 2], stored.Select(k => k.Id));
    }

    [Fact]
    public async Task KeyringReplace_TwoNodesReplacingTheSameKeyringAtOnce_OneWins()
    {
        var nodes = new[] { Store, await OpenNodeAsync() };
        await Store.Keyring.AddAsync(new WrappedKeyringKey(1, [1], Now), default);
        var read = await Store.Keyring.ListAsync(default);

        var results = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i => Task.Run(() =>
            nodes[i % 2].Keyring.ReplaceAsync(read, [read[0] with { Wrapped = [(byte)(100 + i)] }, new WrappedKeyringKey(2, [(byte)i], Now)], default))));

        var winner = Assert.Single(results.Select((won, i) => (won, i)), r => r.won).i;
        var stored = await nodes[1].Keyring.ListAsync(default);
        Assert.Equal([(byte)(100 + winner)], stored[0].Wrapped);
        Assert.Equal([(byte)winner], stored[1].Wrapped);
    }
}
