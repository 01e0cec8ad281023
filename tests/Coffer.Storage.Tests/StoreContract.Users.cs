using Coffer.Core.Auth;

namespace Coffer.Storage.Tests;

public abstract partial class StoreContract
{
    [Fact]
    public async Task Users_CreateOnce_FindByName()
    {
        var user = new UserAccount("alice", "oid-alice", "tenant", "Alice", "hash", false, Now);

        Assert.True(await Store.Users.CreateAsync(user, default));
        Assert.False(await Store.Users.CreateAsync(user with { ObjectId = "oid-other", DisplayName = "other" }, default));
        Assert.Equal(user, await Store.Users.FindAsync("alice", default));
        Assert.Null(await Store.Users.FindAsync("bob", default));
    }

    [Fact]
    public async Task Users_ObjectIdTaken_Refused()
    {
        Assert.True(await Store.Users.CreateAsync(new UserAccount("alice", "oid-1", "tenant", "Alice", "hash", false, Now), default));

        Assert.False(await Store.Users.CreateAsync(new UserAccount("bob", "oid-1", "tenant", "Bob", "hash", false, Now), default));
        Assert.Null(await Store.Users.FindAsync("bob", default));
    }

    [Fact]
    public async Task Users_ListInCreationOrder_Delete()
    {
        await Store.Users.CreateAsync(new UserAccount("zed", "o1", "t", "Zed", "hash", true, Now), default);
        await Store.Users.CreateAsync(new UserAccount("amy", "o2", "t", "Amy", "hash", false, Now.AddSeconds(1)), default);

        Assert.Equal(["zed", "amy"], (await Store.Users.ListAsync(default)).Select(u => u.UserName));
        Assert.True(await Store.Users.DeleteAsync("zed", default));
        Assert.False(await Store.Users.DeleteAsync("zed", default));
        Assert.Equal(["amy"], (await Store.Users.ListAsync(default)).Select(u => u.UserName));
    }
}
