using Coffer.Core.Audit;
using Coffer.Core.Storage;

namespace Coffer.Storage.Tests;

/// <summary>The audit store's contract, written once; each provider supplies <see cref="OpenStorageAsync"/>.</summary>
public abstract class AuditStoreContract : IAsyncLifetime
{
    private ICofferStorage _storage = null!;

    protected IAuditStore Store => _storage.Audit;

    /// <summary>Opens the stores on a new database of the test's own.</summary>
    protected abstract Task<ICofferStorage> OpenStorageAsync();

    /// <summary>Removes the test's database, after its stores are closed.</summary>
    protected virtual Task DeleteDatabaseAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => _storage = await OpenStorageAsync();

    public async Task DisposeAsync()
    {
        await _storage.DisposeAsync();
        await DeleteDatabaseAsync();
    }

    protected static AuditRecord Record(long sequence, int? status = 200) => new(sequence,
        new AuditEntry(DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_123 + sequence), "oid", null, "tid", "vault", "SecretGet", "secret",
            $"name-{sequence}", null, status, $"request-{sequence}", "correlation", "::1"),
        [(byte)sequence, 2, 3]);

    [Fact]
    public async Task Append_ThenReadTailAndLast_ReturnEntriesExactly()
    {
        await Store.AppendAsync([Record(1), Record(2, null)], default);
        await Store.AppendAsync([Record(3)], default);

        var all = await Store.ReadAsync(1, 10, default);
        var tail = await Store.TailAsync(2, default);
        var last = await Store.LastAsync(default);

        Assert.Equal([1L, 2, 3], all.Select(r => r.Sequence));
        Assert.Equal(Record(2, null).Entry, all[1].Entry);
        Assert.Equal([1, 2, 3], all[0].Hash);
        Assert.Equal([2L, 3], tail.Select(r => r.Sequence));
        Assert.Equal(3, last!.Sequence);
    }

    [Fact]
    public async Task Append_SequenceTaken_FailsAndAddsNothing()
    {
        await Store.AppendAsync([Record(1)], default);

        await Assert.ThrowsAnyAsync<Exception>(() => Store.AppendAsync([Record(2), Record(1)], default));

        Assert.Single(await Store.ReadAsync(1, 10, default));
    }

    [Fact]
    public async Task Append_EntryOfAnExternalIssuer_KeepsItsIssuer()
    {
        var external = Record(1) with { Entry = Record(1).Entry with { Issuer = "https://idp.example/" } };

        await Store.AppendAsync([external, Record(2)], default);

        Assert.Equal(["https://idp.example/", null], (await Store.ReadAsync(1, 10, default)).Select(r => r.Entry.Issuer));
    }

    [Fact]
    public async Task Last_EmptyLog_IsNull() => Assert.Null(await Store.LastAsync(default));
}
