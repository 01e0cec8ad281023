using Coffer.Core;
using Coffer.Core.Auth;
using Coffer.Core.Storage;
using Coffer.Core.Vaults;

namespace Coffer.Storage.Tests;

/// <summary>The stores' contract, written once; each provider inherits it and supplies <see cref="OpenStorageAsync"/>.</summary>
public abstract partial class StoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    private readonly List<ICofferStorage> _nodes = [];

    protected ICofferStorage Store { get; private set; } = null!;

    /// <summary>Opens the stores on the test's database; each call is another node on the same database.</summary>
    protected abstract Task<ICofferStorage> OpenStorageAsync();

    /// <summary>Removes the test's database, after every node is closed.</summary>
    protected virtual Task DeleteDatabaseAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        Store = await OpenNodeAsync();
        await Store.Vaults.CreateAsync(NewVault("vault1"), default);
        await Store.Vaults.CreateAsync(NewVault("vault2"), default);
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        await DeleteDatabaseAsync();
    }

    /// <summary>Another node on the test's database, closed with the test.</summary>
    protected async Task<ICofferStorage> OpenNodeAsync()
    {
        var node = await OpenStorageAsync();
        _nodes.Add(node);
        return node;
    }

    [Fact]
    public async Task AddVersion_NewName_CreatesObject_LatestIsNewest()
    {
        var obj = Secret("s1");
        await Store.Objects.AddVersionAsync(obj, Version("a"), default);
        await Store.Objects.AddVersionAsync(obj, Version("b"), default);

        var latest = await Store.Objects.GetVersionAsync(obj, null, default);
        var first = await Store.Objects.GetVersionAsync(obj, Id("a"), default);

        Assert.Equal(Id("b"), latest!.Version);
        Assert.Equal(Id("a"), first!.Version);
        Assert.Equal([1, 2, 3], first.SealedMaterial);
        Assert.Equal("v", first.Tags!["t"]);
    }

    [Fact]
    public async Task GetVersion_NameInOtherCase_FindsObject()
    {
        await Store.Objects.AddVersionAsync(Secret("MixedCase"), Version("a"), default);

        Assert.NotNull(await Store.Objects.GetVersionAsync(Secret("mixedcase"), null, default));
    }

    [Fact]
    public async Task GetVersion_Missing_ReturnsNull()
    {
        Assert.Null(await Store.Objects.GetVersionAsync(Secret("nope"), null, default));
        await Store.Objects.AddVersionAsync(Secret("s1"), Version("a"), default);
        Assert.Null(await Store.Objects.GetVersionAsync(Secret("s1"), Id("b"), default));
    }

    [Fact]
    public async Task Kinds_And_Vaults_AreSeparateNamespaces()
    {
        await Store.Objects.AddVersionAsync(Secret("shared"), Version("a"), default);

        Assert.Null(await Store.Objects.GetVersionAsync(new ObjectRef("vault1", ObjectKind.Key, "shared"), null, default));
        Assert.Null(await Store.Objects.GetVersionAsync(new ObjectRef("vault2", ObjectKind.Secret, "shared"), null, default));
    }

    [Fact]
    public async Task UpdateVersion_ChangesAttributesTagsAndContentType_NotMaterial()
    {
        var obj = Secret("s1");
        await Store.Objects.AddVersionAsync(obj, Version("a"), default);
        var updated = Version("a") with
        {
            Attributes = new ObjectAttributes(false, Now, Now.AddDays(1)),
            Tags = new Dictionary<string, string> { ["x"] = "y" },
            ContentType = "text/plain",
            Updated = Now.AddHours(1),
            SealedMaterial = [9, 9],
        };

        Assert.True(await Store.Objects.UpdateVersionAsync(obj, updated, default));
        var read = await Store.Objects.GetVersionAsync(obj, Id("a"), default);

        Assert.Equal(updated.Attributes, read!.Attributes);
        Assert.Equal("y", read.Tags!["x"]);
        Assert.Equal("text/plain", read.ContentType);
        Assert.Equal(Now.AddHours(1), read.Updated);
        Assert.Equal([1, 2, 3], read.SealedMaterial);
        Assert.False(await Store.Objects.UpdateVersionAsync(Secret("nope"), updated, default));
    }

    [Fact]
    public async Task List_PagesInNameOrder_UntilNoNext()
    {
        foreach (var name in new[] { "c", "a", "e", "b", "d" })
        {
            await Store.Objects.AddVersionAsync(Secret(name), Version(name), default);
        }

        var names = new List<string>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await Store.Objects.ListAsync("vault1", ObjectKind.Secret, false, new PageRequest(2, after), default);
            names.AddRange(page.Items.Select(i => i.Name));
            after = page.Next;
            pages++;
        }
        while (after is not null && pages < 10);

        Assert.Equal(["a", "b", "c", "d", "e"], names);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task ListVersions_PagesOldestFirst()
    {
        var obj = Secret("s1");
        foreach (var v in new[] { "a", "b", "c" })
        {
            await Store.Objects.AddVersionAsync(obj, Version(v), default);
        }

        var first = await Store.Objects.ListVersionsAsync(obj, new PageRequest(2, null), default);
        var second = await Store.Objects.ListVersionsAsync(obj, new PageRequest(2, first.Next), default);

        Assert.Equal([Id("a"), Id("b")], first.Items.Select(v => v.Version));
        Assert.Equal([Id("c")], second.Items.Select(v => v.Version));
        Assert.Null(second.Next);
    }

    [Fact]
    public async Task SoftDelete_HidesObject_Recover_BringsItBack()
    {
        var obj = Secret("s1");
        await Store.Objects.AddVersionAsync(obj, Version("a"), default);
        var deletion = new DeletionInfo(Now, Now.AddDays(7));

        var deleted = await Store.Objects.SoftDeleteAsync(obj, deletion, [], default);

        Assert.Equal(deletion, deleted!.Deletion);
        Assert.Null(await Store.Objects.GetVersionAsync(obj, null, default));
        Assert.Equal(deletion, (await Store.Objects.GetDeletedAsync(obj, default))!.Deletion);
        Assert.Single((await Store.Objects.ListAsync("vault1", ObjectKind.Secret, true, new PageRequest(25, null), default)).Items);
        Assert.Empty((await Store.Objects.ListAsync("vault1", ObjectKind.Secret, false, new PageRequest(25, null), default)).Items);
        Assert.Null(await Store.Objects.SoftDeleteAsync(obj, deletion, [], default));

        var recovered = await Store.Objects.RecoverAsync(obj, [], default);

        Assert.Null(recovered!.Deletion);
        Assert.NotNull(await Store.Objects.GetVersionAsync(obj, null, default));
        Assert.Null(await Store.Objects.GetDeletedAsync(obj, default));
        Assert.Null(await Store.Objects.RecoverAsync(obj, [], default));
    }

    [Fact]
    public async Task AddVersion_WhileDeleted_ReturnsObjectDeleted()
    {
        var obj = Secret("s1");
        await Store.Objects.AddVersionAsync(obj, Version("a"), default);
        await Store.Objects.SoftDeleteAsync(obj, new DeletionInfo(Now, Now.AddDays(7)), [], default);

        Assert.Equal(AddVersionResult.ObjectDeleted, await Store.Objects.AddVersionAsync(obj, Version("b"), default));
        Assert.Single((await Store.Objects.ReadObjectAsync(obj, default))!.Versions);
    }

    [Fact]
    public async Task Purge_OnlyDeletedObjects_RemovesAllVersions()
    {
        var obj = Secret("s1");
        await Store.Objects.AddVersionAsync(obj, Version("a"), default);

        Assert.False(await Store.Objects.PurgeAsync(obj, [], default));
        await Store.Objects.SoftDeleteAsync(obj, new DeletionInfo(Now, Now.AddDays(7)), [], default);
        Assert.True(await Store.Objects.PurgeAsync(obj, [], default));

        Assert.Null(await Store.Objects.ReadObjectAsync(obj, default));
        Assert.Equal(AddVersionResult.Added, await Store.Objects.AddVersionAsync(obj, Version("b"), default));
    }

    [Fact]
    public async Task PurgeExpired_RemovesOnlyThosePastTheirDate()
    {
        await Store.Objects.AddVersionAsync(Secret("old"), Version("a"), default);
        await Store.Objects.AddVersionAsync(Secret("new"), Version("a"), default);
        await Store.Objects.SoftDeleteAsync(Secret("old"), new DeletionInfo(Now, Now.AddDays(7)), [], default);
        await Store.Objects.SoftDeleteAsync(Secret("new"), new DeletionInfo(Now, Now.AddDays(30)), [], default);

        Assert.Equal(1, await Store.Objects.PurgeExpiredAsync(Now.AddDays(8), default));

        Assert.Null(await Store.Objects.ReadObjectAsync(Secret("old"), default));
        Assert.NotNull(await Store.Objects.GetDeletedAsync(Secret("new"), default));
    }

    [Fact]
    public async Task ScheduleRecovery_ListsOnlyDueMarks_FirstMarkStands_RecoverClearsIt()
    {
        var soon = Secret("soon");
        var later = Secret("later");
        foreach (var obj in new[] { soon, later, Secret("active") })
        {
            await Store.Objects.AddVersionAsync(obj, Version("a"), default);
        }

        await Store.Objects.SoftDeleteAsync(soon, new DeletionInfo(Now, Now.AddDays(7)), [], default);
        await Store.Objects.SoftDeleteAsync(later, new DeletionInfo(Now, Now.AddDays(7)), [], default);

        var marked = await Store.Objects.ScheduleRecoveryAsync(soon, Now.AddSeconds(3), default);
        await Store.Objects.ScheduleRecoveryAsync(soon, Now.AddSeconds(30), default);
        await Store.Objects.ScheduleRecoveryAsync(later, Now.AddSeconds(10), default);
        var activeMarked = await Store.Objects.ScheduleRecoveryAsync(Secret("active"), Now, default);
        var dueAtFive = await Store.Objects.ListDueRecoveriesAsync(Now.AddSeconds(5), 10, default);
        var dueBefore = await Store.Objects.ListDueRecoveriesAsync(Now.AddSeconds(2), 10, default);
        await Store.Objects.RecoverAsync(soon, [], default);
        var dueAfterRecover = await Store.Objects.ListDueRecoveriesAsync(Now.AddSeconds(60), 10, default);

        Assert.NotNull(marked?.Deletion);
        Assert.Null(activeMarked);
        Assert.Equal([(ObjectKind.Secret, "soon")], dueAtFive.Select(o => (o.Kind, o.Name)));
        Assert.Empty(dueBefore);
        Assert.Equal([(ObjectKind.Secret, "later")], dueAfterRecover.Select(o => (o.Kind, o.Name)));
        Assert.NotNull(await Store.Objects.GetVersionAsync(dueAtFive[0], null, default));
    }

    [Fact]
    public async Task InsertObject_WholeHistory_KeepsVersionIdsTimesAndOrder()
    {
        var obj = Secret("restored");
        var versions = new[] { Version("a", Now.AddDays(-2)), Version("b", Now.AddDays(-1)), Version("c", Now) };

        Assert.Equal(InsertObjectResult.Inserted, await Store.Objects.InsertObjectsAsync([new ObjectInsert(obj, versions, "{\"p\":1}")], default));
        var read = await Store.Objects.ReadObjectAsync(obj, default);

        Assert.Equal(versions.Select(v => (v.Version, v.Created)), read!.Versions.Select(v => (v.Version, v.Created)));
        Assert.Equal("{\"p\":1}", read.Policy);
        Assert.Equal(Id("c"), (await Store.Objects.GetVersionAsync(obj, null, default))!.Version);
    }

    [Fact]
    public async Task InsertObject_NameTaken_FailsAndWritesNothing()
    {
        await Store.Objects.AddVersionAsync(Secret("active"), Version("a"), default);
        await Store.Objects.AddVersionAsync(Secret("deleted"), Version("a"), default);
        await Store.Objects.SoftDeleteAsync(Secret("deleted"), new DeletionInfo(Now, Now.AddDays(7)), [], default);

        Assert.Equal(InsertObjectResult.NameActive, await Store.Objects.InsertObjectsAsync([new ObjectInsert(Secret("ACTIVE"), [Version("x")], null)], default));
        Assert.Equal(InsertObjectResult.NameDeleted, await Store.Objects.InsertObjectsAsync([new ObjectInsert(Secret("fresh"), [Version("x")], null), new ObjectInsert(Secret("deleted"), [Version("x")], null)], default));

        Assert.Single((await Store.Objects.ReadObjectAsync(Secret("active"), default))!.Versions);
        Assert.Single((await Store.Objects.ReadObjectAsync(Secret("deleted"), default))!.Versions);
        Assert.Null(await Store.Objects.ReadObjectAsync(Secret("fresh"), default));
    }

    [Fact]
    public async Task InsertObject_FailingHalfway_LeavesNothing()
    {
        // The same version id twice violates uniqueness on the second insert: the first must roll back.
        await Assert.ThrowsAnyAsync<Exception>(() => Store.Objects.InsertObjectsAsync([new ObjectInsert(Secret("half"), [Version("a"), Version("a")], null)], default));

        Assert.Null(await Store.Objects.ReadObjectAsync(Secret("half"), default));
    }

    [Fact]
    public async Task Policy_SetOnActiveObject_ReadBackAndCarriedByReadVault()
    {
        var key = new ObjectRef("vault1", ObjectKind.Key, "k1");
        Assert.False(await Store.Objects.SetPolicyAsync(key, "{}", default));
        await Store.Objects.AddVersionAsync(key, Version("a"), default);
        Assert.Null(await Store.Objects.GetPolicyAsync(key, default));

        Assert.True(await Store.Objects.SetPolicyAsync(key, "{\"rotate\":true}", default));

        Assert.Equal("{\"rotate\":true}", await Store.Objects.GetPolicyAsync(key, default));
        await foreach (var obj in Store.Objects.ReadVaultAsync("vault1", default))
        {
            Assert.Equal("{\"rotate\":true}", obj.Policy);
        }
    }

    [Fact]
    public async Task AddVersions_SeveralObjects_AllOrNone()
    {
        var cert = new ObjectRef("vault1", ObjectKind.Certificate, "c1");
        var key = new ObjectRef("vault1", ObjectKind.Key, "c1");
        var secret = Secret("c1");
        Assert.Equal(AddVersionResult.Added, await Store.Objects.SetPendingAsync(cert, [7], default));

        Assert.Equal(AddVersionResult.Added, await Store.Objects.AddVersionsAsync([(cert, Version("a")), (key, Version("a")), (secret, Version("a"))], default));

        Assert.NotNull(await Store.Objects.GetVersionAsync(key, Id("a"), default));
        Assert.NotNull(await Store.Objects.GetVersionAsync(secret, Id("a"), default));
        Assert.Null(await Store.Objects.GetPendingAsync(cert, default));
        await Store.Objects.SoftDeleteAsync(secret, new DeletionInfo(Now, Now.AddDays(7)), [], default);
        Assert.Equal(AddVersionResult.ObjectDeleted, await Store.Objects.AddVersionsAsync([(cert, Version("b")), (key, Version("b")), (secret, Version("b"))], default));
        Assert.Null(await Store.Objects.GetVersionAsync(cert, Id("b"), default));
        Assert.Null(await Store.Objects.GetVersionAsync(key, Id("b"), default));
    }

    [Fact]
    public async Task Pending_OnNewName_CreatesObjectWithoutVersions_ThatListingsSkip()
    {
        var cert = new ObjectRef("vault1", ObjectKind.Certificate, "pending");

        Assert.Equal(AddVersionResult.Added, await Store.Objects.SetPendingAsync(cert, [1, 2], default));

        Assert.Equal([1, 2], await Store.Objects.GetPendingAsync(cert, default));
        Assert.Null(await Store.Objects.GetVersionAsync(cert, null, default));
        Assert.Empty((await Store.Objects.ListAsync("vault1", ObjectKind.Certificate, false, new PageRequest(25, null), default)).Items);
        Assert.Equal(AddVersionResult.Added, await Store.Objects.SetPendingAsync(cert, null, default));
        Assert.Null(await Store.Objects.GetPendingAsync(cert, default));
    }

    [Fact]
    public async Task SoftDeleteRecoverPurge_CarryLinkedObjects()
    {
        var cert = new ObjectRef("vault1", ObjectKind.Certificate, "c2");
        var key = new ObjectRef("vault1", ObjectKind.Key, "c2");
        var secret = Secret("c2");
        await Store.Objects.AddVersionsAsync([(cert, Version("a")), (key, Version("a")), (secret, Version("a"))], default);
        var deletion = new DeletionInfo(Now, Now.AddDays(7));

        await Store.Objects.SoftDeleteAsync(cert, deletion, [key, secret], default);
        Assert.NotNull(await Store.Objects.GetDeletedAsync(key, default));
        Assert.NotNull(await Store.Objects.GetDeletedAsync(secret, default));

        await Store.Objects.RecoverAsync(cert, [key, secret], default);
        Assert.NotNull(await Store.Objects.GetVersionAsync(key, null, default));
        Assert.NotNull(await Store.Objects.GetVersionAsync(secret, null, default));

        await Store.Objects.SoftDeleteAsync(cert, deletion, [key, secret], default);
        Assert.True(await Store.Objects.PurgeAsync(cert, [key, secret], default));
        Assert.Null(await Store.Objects.ReadObjectAsync(key, default));
        Assert.Null(await Store.Objects.ReadObjectAsync(secret, default));
    }

    [Fact]
    public async Task InsertObjects_FaultAfterManyVersionsOfTheLastObject_LeavesNoTrace()
    {
        var cert = new ObjectRef("vault1", ObjectKind.Certificate, "atomic");
        var key = new ObjectRef("vault1", ObjectKind.Key, "atomic");
        var secret = Secret("atomic");
        var many = Enumerable.Range(0, 50).Select(_ => Version("a") with { Version = Guid.NewGuid().ToString("N") }).ToList();
        // The 38th version of the third object repeats an id: the store throws in the middle of the write.
        var faulty = many.Take(37).Append(many[3]).Concat(many.Skip(37)).ToList();

        await Assert.ThrowsAnyAsync<Exception>(() => Store.Objects.InsertObjectsAsync(
            [new ObjectInsert(cert, many, "{}"), new ObjectInsert(key, many, null), new ObjectInsert(secret, faulty, null)], default));

        Assert.Null(await Store.Objects.ReadObjectAsync(cert, default));
        Assert.Null(await Store.Objects.ReadObjectAsync(key, default));
        Assert.Null(await Store.Objects.ReadObjectAsync(secret, default));
        Assert.Equal(InsertObjectResult.Inserted, await Store.Objects.InsertObjectsAsync([new ObjectInsert(secret, many, null)], default));
    }

    [Fact]
    public async Task ReadVault_ReturnsEveryActiveObjectWithAllVersions()
    {
        await Store.Objects.AddVersionAsync(Secret("s1"), Version("a"), default);
        await Store.Objects.AddVersionAsync(Secret("s1"), Version("b"), default);
        await Store.Objects.AddVersionAsync(new ObjectRef("vault1", ObjectKind.Key, "k1"), Version("c"), default);
        await Store.Objects.AddVersionAsync(Secret("gone"), Version("d"), default);
        await Store.Objects.SoftDeleteAsync(Secret("gone"), new DeletionInfo(Now, Now.AddDays(7)), [], default);
        await Store.Objects.AddVersionAsync(new ObjectRef("vault2", ObjectKind.Secret, "elsewhere"), Version("e"), default);

        var objects = new List<VaultObject>();
        await foreach (var obj in Store.Objects.ReadVaultAsync("vault1", default))
        {
            objects.Add(obj);
        }

        Assert.Equal(["k1", "s1"], objects.Select(o => o.Name).Order());
        Assert.Equal(2, objects.Single(o => o.Name == "s1").Versions.Count);
    }

    [Fact]
    public async Task Vaults_CreateGetListDelete_DeleteRemovesObjects()
    {
        Assert.False(await Store.Vaults.CreateAsync(NewVault("VAULT1"), default));
        Assert.Equal("westeurope", (await Store.Vaults.GetAsync("Vault2", default))!.Location);
        Assert.Equal(["vault1", "vault2"], (await Store.Vaults.ListAsync(default)).Select(v => v.Name));
        await Store.Objects.AddVersionAsync(new ObjectRef("vault2", ObjectKind.Secret, "s"), Version("a"), default);

        Assert.True(await Store.Vaults.DeleteAsync("vault2", default));

        Assert.Null(await Store.Vaults.GetAsync("vault2", default));
        Assert.False(await Store.Vaults.DeleteAsync("vault2", default));
        Assert.True(await Store.Vaults.CreateAsync(NewVault("vault2"), default));
        Assert.Null(await Store.Objects.GetVersionAsync(new ObjectRef("vault2", ObjectKind.Secret, "s"), null, default));
    }

    [Fact]
    public async Task Clients_CreateOnce_FindById()
    {
        var client = new ClientRegistration("app-1", "oid-1", "tenant", "ci-bot", "hash", false, Now);

        Assert.True(await Store.Clients.CreateAsync(client, default));
        Assert.False(await Store.Clients.CreateAsync(client with { DisplayName = "other" }, default));
        Assert.Equal(client, await Store.Clients.FindAsync("app-1", default));
        Assert.Null(await Store.Clients.FindAsync("app-2", default));
    }

    [Fact]
    public async Task Settings_GetOrAdd_KeepsFirstValue()
    {
        Assert.Null(await Store.Settings.GetAsync("x", default));
        Assert.Equal("1", await Store.Settings.GetOrAddAsync("x", "1", default));
        Assert.Equal("1", await Store.Settings.GetOrAddAsync("x", "2", default));
        Assert.Equal("1", await Store.Settings.GetAsync("x", default));
    }

    [Fact]
    public async Task Settings_AddAll_StoresOnlyAbsentNames()
    {
        await Store.Settings.SetAsync("backup-key:a", "held", default);

        var added = await Store.Settings.AddAllAsync([("backup-key:a", "other"), ("backup-key:b", "2"), ("backup-key:c", "3")], default);
        var again = await Store.Settings.AddAllAsync([("backup-key:b", "changed"), ("backup-key:c", "3")], default);

        Assert.Equal(["backup-key:b", "backup-key:c"], added);
        Assert.Empty(again);
        Assert.Equal([("backup-key:a", "held"), ("backup-key:b", "2"), ("backup-key:c", "3")], await Store.Settings.ListAsync("backup-key:", default));
    }

    [Fact]
    public async Task Settings_AddAll_NameGivenTwice_WritesNothing()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.Settings.AddAllAsync([("dup:a", "1"), ("dup:b", "2"), ("dup:a", "3")], default));

        Assert.Empty(await Store.Settings.ListAsync("dup:", default));
    }

    [Fact]
    public async Task Settings_AddAll_TwoNodesAddingOverlappingSetsAtOnce_StoreEachNameOnce()
    {
        var nodes = new[] { Store, await OpenNodeAsync() };
        var names = Enumerable.Range(0, 40).Select(i => $"race:{i:D2}").ToList();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            nodes[i % 2].Settings.AddAllAsync(names.Skip(i * 3).Take(16).Select(n => (n, $"writer-{i}")).ToList(), default))));

        var stored = await nodes[1].Settings.ListAsync("race:", default);
        var claimed = results.SelectMany((added, writer) => added.Select(name => (name, writer))).ToList();
        Assert.Equal(stored.Select(s => s.Name), claimed.Select(c => c.name).Order(StringComparer.Ordinal));
        Assert.All(claimed, c => Assert.Equal($"writer-{c.writer}", stored.Single(s => s.Name == c.name).Value));
    }

    [Fact]
    public async Task Settings_SetDeleteAndListByPrefix()
    {
        await Store.Settings.SetAsync("issuer:v1:b", "2", default);
        await Store.Settings.SetAsync("issuer:v1:a", "1", default);
        await Store.Settings.SetAsync("issuer:v10:c", "3", default);
        await Store.Settings.SetAsync("issuer:v1:a", "1b", default);

        Assert.Equal([("issuer:v1:a", "1b"), ("issuer:v1:b", "2")], await Store.Settings.ListAsync("issuer:v1:", default));
        Assert.True(await Store.Settings.DeleteAsync("issuer:v1:a", default));
        Assert.False(await Store.Settings.DeleteAsync("issuer:v1:a", default));
        Assert.Single(await Store.Settings.ListAsync("issuer:v1:", default));
    }

    [Fact]
    public async Task Keyring_AddOnce_ListInOrder()
    {
        Assert.True(await Store.Keyring.AddAsync(new WrappedKeyringKey(2, [2], Now), default));
        Assert.True(await Store.Keyring.AddAsync(new WrappedKeyringKey(1, [1], Now), default));
        Assert.False(await Store.Keyring.AddAsync(new WrappedKeyringKey(1, [9], Now), default));

        Assert.Equal([1, 2], (await Store.Keyring.ListAsync(default)).Select(k => k.Id));
        Assert.Equal([1], (await Store.Keyring.ListAsync(default))[0].Wrapped);
    }

    private static ObjectRef Secret(string name) => new("vault1", ObjectKind.Secret, name);

    private static string Id(string seed) => seed.PadRight(32, '0');

    private static ObjectVersion Version(string seed, DateTimeOffset? created = null) => new(
        Id(seed), created ?? Now, created ?? Now, ObjectAttributes.Default,
        new Dictionary<string, string> { ["t"] = "v" }, null, [1, 2, 3]);

    private static Vault NewVault(string name) =>
        new(name, Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), name == "vault2" ? "westeurope" : "eastus", 90, false, Now);
}
