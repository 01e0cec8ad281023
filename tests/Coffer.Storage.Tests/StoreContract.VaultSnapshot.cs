using Coffer.Core;
using Coffer.Core.Storage;

namespace Coffer.Storage.Tests;

/// <summary>What whole-vault backup and restore need of a store.</summary>
public abstract partial class StoreContract
{
    [Fact]
    public async Task ReadVault_OrdersByNameThenKind_SoACertificateFollowsItsKeyAndSecret()
    {
        foreach (var (kind, name) in new[] { (ObjectKind.Certificate, "b"), (ObjectKind.Secret, "c"), (ObjectKind.Secret, "B"), (ObjectKind.Key, "b"), (ObjectKind.Key, "a") })
        {
            await Store.Objects.AddVersionAsync(new ObjectRef("vault1", kind, name), Version("a"), default);
        }

        var order = new List<string>();
        await foreach (var obj in Store.Objects.ReadVaultAsync("vault1", default))
        {
            order.Add($"{obj.Kind} {obj.Name}");
        }

        Assert.Equal(["Key a", "Key b", "Secret B", "Certificate b", "Secret c"], order);
    }

    [Fact]
    public async Task ReplaceDeletedObjects_NameSoftDeleted_PurgesItAndInsertsInOneGo()
    {
        await Store.Objects.AddVersionAsync(Secret("old"), Version("a"), default);
        await Store.Objects.SoftDeleteAsync(Secret("old"), new DeletionInfo(Now, Now.AddDays(7)), [], default);

        Assert.Equal(InsertObjectResult.NameDeleted, await Store.Objects.InsertObjectsAsync([new ObjectInsert(Secret("old"), [Version("b")], null)], default));
        Assert.Equal(InsertObjectResult.Inserted, await Store.Objects.ReplaceDeletedObjectsAsync([new ObjectInsert(Secret("old"), [Version("b")], null)], default));

        var stored = await Store.Objects.ReadObjectAsync(Secret("old"), default);
        Assert.Null(stored!.Deletion);
        Assert.Equal([Id("b")], stored.Versions.Select(v => v.Version));
    }

    [Fact]
    public async Task ReplaceDeletedObjects_AnyNameActive_WritesNothing()
    {
        await Store.Objects.AddVersionAsync(Secret("gone"), Version("a"), default);
        await Store.Objects.SoftDeleteAsync(Secret("gone"), new DeletionInfo(Now, Now.AddDays(7)), [], default);
        await Store.Objects.AddVersionAsync(Secret("here"), Version("a"), default);

        var result = await Store.Objects.ReplaceDeletedObjectsAsync(
            [new ObjectInsert(Secret("gone"), [Version("b")], null), new ObjectInsert(Secret("here"), [Version("b")], null)], default);

        Assert.Equal(InsertObjectResult.NameActive, result);
        Assert.NotNull(await Store.Objects.GetDeletedAsync(Secret("gone"), default));
        Assert.Equal([Id("a")], (await Store.Objects.ReadObjectAsync(Secret("here"), default))!.Versions.Select(v => v.Version));
    }
}
