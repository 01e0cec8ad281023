using Coffer.Core.Audit;
using Coffer.Core.Storage;

namespace Coffer.Storage.Tests;

/// <summary>The audit store's contract, written once; each provider supplies <see cref="OpenStorageAsync"/>.</summary>
public abstract partial class AuditStoreContract : IAsyncLifetime
{
    private ICofferStorage _storage = null!;

    protected IAuditStore Store => _storage.Audit;

    protected ICofferStorage Storage => _storage;

    /// <summary>Opens the stores on a new database of the test's own.</summary>
    protected abstract Task<ICofferStorage> OpenStorageAsync();

    /// <summary>Removes the test's database, after its stores are closed.</summary>
    protected virtual Task DeleteDatabaseAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => _storage = await OpenStorageAsync();

    public async Task DisposeAsync()
    {
        await _storage.DisposeAsync();
        await DeleteDatabaseAsync();
        Directory.Delete(_exports, recursive: true);
    }

    protected static readonly AuditChain Chain = new(new byte[32]);

    protected static AuditEntry Entry(long sequence, int? status = 200) =>
        new(DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_123 + sequence), "oid", null, "tid", "vault", "SecretGet", "secret",
            $"name-{sequence}", null, status, $"request-{sequence}", "correlation", "::1", sequence % 2 == 0 ? "https://idp.example/" : null);

    protected Task AppendAsync(params AuditEntry[] entries) => Store.AppendAsync(entries, Chain, default);

    [Fact]
    public async Task Append_ThenReadTailAndLast_ReturnEntriesExactlyInOneChain()
    {
        await AppendAsync(Entry(1), Entry(2, null));
        await AppendAsync(Entry(3));

        var all = await Store.ReadAsync(1, 10, default);
        var tail = await Store.TailAsync(2, default);
        var last = await Store.LastAsync(default);

        Assert.Equal([1L, 2, 3], all.Select(r => r.Sequence));
        Assert.Equal([Entry(1), Entry(2, null), Entry(3)], all.Select(r => r.Entry));
        Assert.Null(Chain.FirstBroken(all, null));
        Assert.Equal([2L, 3], tail.Select(r => r.Sequence));
        Assert.Equal(3, last!.Sequence);
    }

    [Fact]
    public async Task Append_Concurrently_FormsOneUnbrokenChain()
    {
        await Task.WhenAll(Enumerable.Range(1, 16).Select(i => Task.Run(() => AppendAsync(Entry(i), Entry(100 + i)))));

        var all = await Store.ReadAsync(1, 100, default);

        Assert.Equal(Enumerable.Range(1, 32).Select(i => (long)i), all.Select(r => r.Sequence));
        Assert.Null(Chain.FirstBroken(all, null));
    }

    [Fact]
    public async Task Last_EmptyLog_IsNull() => Assert.Null(await Store.LastAsync(default));
}
