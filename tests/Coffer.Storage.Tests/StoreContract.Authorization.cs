using Coffer.Core.Auth;
using Coffer.Core.Authorization;
using Coffer.Core.Vaults;

namespace Coffer.Storage.Tests;

/// <summary>The contract of authorization state: mode, access policies, role assignments; and client listing/deletion.</summary>
public abstract partial class StoreContract
{
    [Fact]
    public async Task VaultAccess_NewVault_HasItsModeAndFirstPolicies()
    {
        var policy = AccessPolicy.All("tenant-a", "OBJECT-1", issuer: null);
        var vault = NewVault("vault3") with { AuthorizationMode = VaultAuthorizationMode.Rbac };

        Assert.True(await Store.Vaults.CreateAsync(vault, [policy], default));
        Assert.False(await Store.Vaults.CreateAsync(vault, [], default));

        var access = await Store.Access.GetAsync("VAULT3", default);
        Assert.Equal(VaultAuthorizationMode.Rbac, access!.Mode);
        Assert.Equal(VaultAuthorizationMode.Rbac, (await Store.Vaults.GetAsync("vault3", default))!.AuthorizationMode);
        var stored = Assert.Single(access.Policies);
        Assert.Equal("object-1", stored.ObjectId);
        Assert.Equal(policy.Keys, stored.Keys);
        Assert.Equal(policy.Secrets, stored.Secrets);
        Assert.Equal(policy.Certificates, stored.Certificates);
        Assert.Null(await Store.Access.GetAsync("nowhere", default));
    }

    [Fact]
    public async Task SetMode_ChangesTheMode_FalseForMissingVault()
    {
        Assert.True(await Store.Access.SetModeAsync("vault1", VaultAuthorizationMode.Rbac, default));
        Assert.False(await Store.Access.SetModeAsync("nowhere", VaultAuthorizationMode.Rbac, default));

        Assert.Equal(VaultAuthorizationMode.Rbac, (await Store.Access.GetAsync("vault1", default))!.Mode);
        Assert.Equal(VaultAuthorizationMode.AccessPolicies, (await Store.Access.GetAsync("vault2", default))!.Mode);
    }

    [Fact]
    public async Task UpdatePolicies_ReplacesTheListInOrder_OtherVaultsUntouched()
    {
        await Store.Access.UpdatePoliciesAsync("vault2", _ => [new AccessPolicy("t", "other", [], ["get"], [])], default);
        var first = new AccessPolicy("t", "a", ["backup", "restore"], [], []);
        var second = new AccessPolicy("t", "b", [], ["get", "list"], ["getissuers"]);
        await Store.Access.UpdatePoliciesAsync("vault1", _ => [first, second], default);

        var updated = await Store.Access.UpdatePoliciesAsync("vault1", current => [.. current.Where(p => p.ObjectId != "a"), first with { Keys = ["get"] }], default);

        Assert.Equal(["b", "a"], updated!.Select(p => p.ObjectId));
        var access = await Store.Access.GetAsync("vault1", default);
        Assert.Equal(["b", "a"], access!.Policies.Select(p => p.ObjectId));
        Assert.Equal(["get"], access.Policies[1].Keys);
        Assert.Equal(["getissuers"], access.Policies[0].Certificates);
        Assert.Equal("other", Assert.Single((await Store.Access.GetAsync("vault2", default))!.Policies).ObjectId);
        Assert.Null(await Store.Access.UpdatePoliciesAsync("nowhere", p => p, default));
    }

    [Fact]
    public async Task UpdatePolicies_SameObjectIdOfTwoIssuers_AreTwoEntries()
    {
        var builtIn = new AccessPolicy("t", "shared-oid", [], ["get"], []);
        var external = new AccessPolicy("t", "shared-oid", [], ["list"], [], "https://idp.example/");

        await Store.Access.UpdatePoliciesAsync("vault1", _ => [builtIn, external], default);
        await Store.Access.CreateAssignmentAsync("vault1",
            new RoleAssignment("ext-1", BuiltInRoles.Reader.Id, "shared-oid", "/", DateTimeOffset.UnixEpoch, "https://idp.example/"), default);

        var access = (await Store.Access.GetAsync("vault1", default))!;
        Assert.Equal([null, "https://idp.example/"], access.Policies.Select(p => p.Issuer));
        Assert.Equal([["get"], ["list"]], access.Policies.Select(p => p.Secrets));
        Assert.Equal("https://idp.example/", Assert.Single(access.Assignments).PrincipalIssuer);
    }

    [Fact]
    public async Task Assignments_CreateOnceById_ListPerVault_Delete()
    {
        var assignment = new RoleAssignment("A1", BuiltInRoles.SecretsUser.Id, "principal-1", "/vaults/vault1", DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));

        Assert.True(await Store.Access.CreateAssignmentAsync("vault1", assignment, default));
        Assert.False(await Store.Access.CreateAssignmentAsync("vault2", assignment with { Id = "a1" }, default));

        var stored = Assert.Single((await Store.Access.GetAsync("vault1", default))!.Assignments);
        Assert.Equal(assignment with { Id = "a1" }, stored);
        Assert.Empty((await Store.Access.GetAsync("vault2", default))!.Assignments);
        Assert.False(await Store.Access.DeleteAssignmentAsync("vault2", "a1", default));
        Assert.True(await Store.Access.DeleteAssignmentAsync("vault1", "A1", default));
        Assert.Empty((await Store.Access.GetAsync("vault1", default))!.Assignments);
    }

    [Fact]
    public async Task DeleteVault_TakesItsPoliciesAndAssignments()
    {
        await Store.Access.UpdatePoliciesAsync("vault2", _ => [AccessPolicy.All("t", "o", issuer: null)], default);
        await Store.Access.CreateAssignmentAsync("vault2", new RoleAssignment("gone", BuiltInRoles.Reader.Id, "o", "/", DateTimeOffset.UnixEpoch), default);

        await Store.Vaults.DeleteAsync("vault2", default);
        await Store.Vaults.CreateAsync(NewVault("vault2"), default);

        var access = await Store.Access.GetAsync("vault2", default);
        Assert.Empty(access!.Policies);
        Assert.Empty(access.Assignments);
        Assert.True(await Store.Access.CreateAssignmentAsync("vault2", new RoleAssignment("gone", BuiltInRoles.Reader.Id, "o", "/", DateTimeOffset.UnixEpoch), default));
    }

    [Fact]
    public async Task Clients_ListAndDelete()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        await Store.Clients.CreateAsync(new ClientRegistration("c1", "o1", "t", "one", "hash", false, now), default);
        await Store.Clients.CreateAsync(new ClientRegistration("c2", "o2", "t", "two", "hash", true, now.AddSeconds(1)), default);

        Assert.Equal(["c1", "c2"], (await Store.Clients.ListAsync(default)).Select(c => c.ClientId));
        Assert.True(await Store.Clients.DeleteAsync("c1", default));
        Assert.False(await Store.Clients.DeleteAsync("c1", default));
        Assert.Equal(["c2"], (await Store.Clients.ListAsync(default)).Select(c => c.ClientId));
    }

}
