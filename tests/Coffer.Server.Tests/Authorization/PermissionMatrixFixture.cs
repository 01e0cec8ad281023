using System.Collections.Concurrent;
using Coffer.Client.Management;
using Coffer.Core.Authorization;

namespace Coffer.Server.Tests.Authorization;

/// <summary>
/// A server with two vaults, one per authorization mode, the admin client (all permissions in the one, Key Vault
/// Administrator in the other) and a cache of principals granted exactly some permissions or roles.
/// </summary>
public sealed class PermissionMatrixFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Task<Actor>> _actors = new();

    public CofferFixture Server { get; } = new();

    public CofferManagementClient Management { get; private set; } = null!;

    public string PolicyVault { get; } = "ap" + Guid.NewGuid().ToString("N")[..10];

    public string RbacVault { get; } = "rb" + Guid.NewGuid().ToString("N")[..10];

    public Actor PolicyAdmin { get; private set; } = null!;

    public Actor RbacAdmin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        Management = Server.ManagementClient();
        await Management.CreateVaultAsync(new VaultCreateRequest(PolicyVault), default);
        await Management.CreateVaultAsync(new VaultCreateRequest(RbacVault, EnableRbacAuthorization: true), default);
        var deployment = Server.Deployment;
        await Management.CreateRoleAssignmentAsync(RbacVault, BuiltInRoles.Administrator.RoleName, deployment.DefaultClientId, default);
        PolicyAdmin = new Actor(Server, PolicyVault, deployment.DefaultClientId, deployment.DefaultClientSecret);
        RbacAdmin = new Actor(Server, RbacVault, deployment.DefaultClientId, deployment.DefaultClientSecret);
    }

    public Task DisposeAsync() => Server.DisposeAsync();

    /// <summary>A new client whose only access to the policy vault is <paramref name="policy"/> (none when null).</summary>
    public Task<Actor> WithPolicyAsync(string key, AccessPolicyPermissionsInfo? policy) =>
        _actors.GetOrAdd("policy:" + key, async _ =>
        {
            var client = await Management.CreateClientAsync("policy-" + key, admin: false, default);
            if (policy is not null)
            {
                await Management.UpdateAccessPoliciesAsync(PolicyVault, "add", [new AccessPolicyInfo(null, client.ObjectId, policy)], default);
            }

            return new Actor(Server, PolicyVault, client.ClientId, client.Secret!);
        });

    /// <summary>A new client holding exactly <paramref name="roles"/> on the RBAC vault.</summary>
    public Task<Actor> WithRolesAsync(string key, IEnumerable<RoleDefinition> roles) =>
        _actors.GetOrAdd("rbac:" + key, async _ =>
        {
            var client = await Management.CreateClientAsync("rbac-" + key, admin: false, default);
            foreach (var role in roles)
            {
                await Management.CreateRoleAssignmentAsync(RbacVault, role.Id, client.ObjectId, default);
            }

            return new Actor(Server, RbacVault, client.ClientId, client.Secret!);
        });
}
