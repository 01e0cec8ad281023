using Azure;
using Azure.Security.KeyVault.Certificates;
using Coffer.Client.Management;
using Coffer.Core.Authorization;

namespace Coffer.Server.Tests.Authorization;

/// <summary>Azure's exact denial bodies, the issuer umbrella permission, changes taking effect at once, /rng, and management rules.</summary>
public sealed class VaultAccessTests(PermissionMatrixFixture fixture) : IClassFixture<PermissionMatrixFixture>
{
    private static string NewName() => $"a{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task AccessPolicyDenial_HasAzuresMessageNamingCallerPermissionAndVault()
    {
        var client = await fixture.Management.CreateClientAsync("denied-" + NewName(), admin: false, default);
        await fixture.Management.UpdateAccessPoliciesAsync(fixture.PolicyVault, "add",
            [new AccessPolicyInfo(null, client.ObjectId, new AccessPolicyPermissionsInfo(null, ["list"], null))], default);
        var caller = new Actor(fixture.Server, fixture.PolicyVault, client.ClientId, client.Secret!);

        var denied = await Assert.ThrowsAsync<RequestFailedException>(() => caller.Secrets.GetSecretAsync("anything"));

        var (message, inner) = PermissionMatrixTests.ErrorOf(denied);
        Assert.Equal((403, "Forbidden", "AccessDenied"), (denied.Status, denied.ErrorCode, inner));
        Assert.Equal(
            $"The user, group or application 'appid={client.ClientId};oid={client.ObjectId};iss={fixture.Server.Server.Options.Authority}/{client.TenantId}/v2.0' "
            + $"does not have secrets get permission on key vault '{fixture.PolicyVault};location=eastus'. "
            + "For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287",
            message);
    }

    [Fact]
    public async Task RbacDenial_HasAzuresMessageNamingActionAndResource()
    {
        var client = await fixture.Management.CreateClientAsync("reader-" + NewName(), admin: false, default);
        await fixture.Management.CreateRoleAssignmentAsync(fixture.RbacVault, "Key Vault Reader", client.ClientId, default);
        var caller = new Actor(fixture.Server, fixture.RbacVault, client.ClientId, client.Secret!);
        var vault = await fixture.Management.GetVaultAsync(fixture.RbacVault, default);

        var denied = await Assert.ThrowsAsync<RequestFailedException>(() => caller.Secrets.GetSecretAsync("db-password"));

        var (message, inner) = PermissionMatrixTests.ErrorOf(denied);
        Assert.Equal((403, "Forbidden", "ForbiddenByRbac"), (denied.Status, denied.ErrorCode, inner));
        Assert.Equal(
            "Caller is not authorized to perform action on resource.\r\n"
            + "If role assignments were recently changed, please wait several minutes for role assignments to become effective.\r\n"
            + $"Caller: appid={client.ClientId};oid={client.ObjectId};iss={fixture.Server.Server.Options.Authority}/{client.TenantId}/v2.0\r\n"
            + "Action: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'\r\n"
            + $"Resource: '/subscriptions/{vault.SubscriptionId}/resourcegroups/coffer/providers/microsoft.keyvault/vaults/{fixture.RbacVault}/secrets/db-password'\r\n"
            + "Assignment: (not found)\r\nDenyAssignmentId: null\r\nDecisionReason: null \r\n"
            + $"Vault: {fixture.RbacVault};location=eastus\r\n",
            message);
    }

    [Fact]
    public async Task ManageIssuers_CoversEveryIssuerOperation()
    {
        var caller = await fixture.WithPolicyAsync("manageissuers", PermissionMatrixTests.Lists("certificates", p => p == "manageissuers"));
        var name = NewName();

        await caller.Certificates.CreateIssuerAsync(new CertificateIssuer(name, "DigiCert"));
        await caller.Certificates.GetIssuerAsync(name);
        await OperationCase.Drain(caller.Certificates.GetPropertiesOfIssuersAsync());
        await caller.Certificates.DeleteIssuerAsync(name);
        var denied = await Assert.ThrowsAsync<RequestFailedException>(() => caller.Certificates.GetContactsAsync());
        Assert.Equal(403, denied.Status);
    }

    [Fact]
    public async Task PolicyAndModeChanges_TakeEffectOnTheNextRequest()
    {
        var vault = NewName()[..12];
        await fixture.Management.CreateVaultAsync(new VaultCreateRequest(vault), default);
        var client = await fixture.Management.CreateClientAsync("changing-" + vault, admin: false, default);
        var caller = new Actor(fixture.Server, vault, client.ClientId, client.Secret!);
        var admin = new Actor(fixture.Server, vault, fixture.Server.Deployment.DefaultClientId, fixture.Server.Deployment.DefaultClientSecret);
        await admin.Secrets.SetSecretAsync("s", "v");

        await Assert.ThrowsAsync<RequestFailedException>(() => caller.Secrets.GetSecretAsync("s"));
        await fixture.Management.UpdateAccessPoliciesAsync(vault, "replace", [new AccessPolicyInfo(null, client.ObjectId, new(null, ["get"], null))], default);
        await caller.Secrets.GetSecretAsync("s");

        await fixture.Management.UpdateVaultAsync(vault, enableRbacAuthorization: true, default);
        var rbacDenied = await Assert.ThrowsAsync<RequestFailedException>(() => caller.Secrets.GetSecretAsync("s"));
        await fixture.Management.CreateRoleAssignmentAsync(vault, "Key Vault Secrets User", client.ObjectId, default);
        await caller.Secrets.GetSecretAsync("s");

        await fixture.Management.UpdateVaultAsync(vault, enableRbacAuthorization: false, default);
        await caller.Secrets.GetSecretAsync("s");
        await fixture.Management.UpdateAccessPoliciesAsync(vault, "remove", [new AccessPolicyInfo(null, client.ObjectId, null)], default);
        var removed = await Assert.ThrowsAsync<RequestFailedException>(() => caller.Secrets.GetSecretAsync("s"));

        Assert.Equal("ForbiddenByRbac", PermissionMatrixTests.ErrorOf(rbacDenied).Inner);
        Assert.Equal("AccessDenied", PermissionMatrixTests.ErrorOf(removed).Inner);
        Assert.DoesNotContain((await fixture.Management.GetVaultAsync(vault, default)).AccessPolicies!, p => p.ObjectId == client.ObjectId);
    }

    [Fact]
    public async Task RandomBytes_NeedSomeAccessToTheVault()
    {
        var anyPolicy = await fixture.WithPolicyAsync("rng-some", PermissionMatrixTests.Lists("keys", p => p == "get"));
        var noPolicy = await fixture.WithPolicyAsync("rng-none", null);
        var reader = await fixture.WithRolesAsync("rng-reader", [BuiltInRoles.Reader]);
        var accessAdmin = await fixture.WithRolesAsync("rng-data-access-admin", [BuiltInRoles.DataAccessAdministrator]);

        Assert.Equal(11, (await anyPolicy.SendAsync("POST", "/rng", """{"count":8}"""))!["value"]!.GetValue<string>().Length); // 8 bytes, base64url
        await reader.SendAsync("POST", "/rng", """{"count":8}""");
        Assert.Equal(403, (await Assert.ThrowsAsync<RequestFailedException>(() => noPolicy.SendAsync("POST", "/rng", """{"count":8}"""))).Status);
        Assert.Equal(403, (await Assert.ThrowsAsync<RequestFailedException>(() => accessAdmin.SendAsync("POST", "/rng", """{"count":8}"""))).Status);
    }

    [Fact]
    public async Task VaultArchiveBackup_NeedsBackupOfEveryKind()
    {
        var twoKinds = await fixture.WithPolicyAsync("archive-two", new AccessPolicyPermissionsInfo(["backup"], ["backup"], null));
        var allKinds = await fixture.WithPolicyAsync("archive-all", new AccessPolicyPermissionsInfo(["backup"], ["backup"], ["backup"]));

        Assert.Equal(403, await twoKinds.PostStatusAsync("/_coffer/backup"));
        Assert.Equal(200, await allKinds.PostStatusAsync("/_coffer/backup"));
    }

    [Fact]
    public async Task VaultCreatedWithExplicitPolicies_GivesTheCreatorNothingElse()
    {
        var vault = NewName()[..12];
        var created = await fixture.Management.CreateVaultAsync(new VaultCreateRequest(vault,
            AccessPolicies: [new AccessPolicyInfo(null, Guid.NewGuid().ToString(), new(["all"], null, null))]), default);
        var admin = new Actor(fixture.Server, vault, fixture.Server.Deployment.DefaultClientId, fixture.Server.Deployment.DefaultClientSecret);

        var denied = await Assert.ThrowsAsync<RequestFailedException>(() => admin.Secrets.SetSecretAsync("s", "v"));

        Assert.Equal(403, denied.Status);
        Assert.Equal(AccessPolicyPermissions.Keys, Assert.Single(created.AccessPolicies!).Permissions!.Keys);
    }

    [Fact]
    public async Task Management_RejectsUnknownPermissionsRolesDuplicatesAndNonAdmins()
    {
        var client = await fixture.Management.CreateClientAsync("plain-" + NewName(), admin: false, default);

        var badPermission = await Assert.ThrowsAsync<RequestFailedException>(() => fixture.Management.UpdateAccessPoliciesAsync(fixture.PolicyVault, "add",
            [new AccessPolicyInfo(null, client.ObjectId, new(["fly"], null, null))], default));
        var badKind = await Assert.ThrowsAsync<RequestFailedException>(() => fixture.Management.UpdateAccessPoliciesAsync(fixture.PolicyVault, "merge",
            [new AccessPolicyInfo(null, client.ObjectId, new(["get"], null, null))], default));
        var badRole = await Assert.ThrowsAsync<RequestFailedException>(() => fixture.Management.CreateRoleAssignmentAsync(fixture.RbacVault, "Key Vault Wizard", client.ObjectId, default));
        await fixture.Management.CreateRoleAssignmentAsync(fixture.RbacVault, "Key Vault Crypto User", client.ObjectId, default);
        var duplicate = await Assert.ThrowsAsync<RequestFailedException>(() => fixture.Management.CreateRoleAssignmentAsync(fixture.RbacVault, "12338af0-0e69-4776-bea7-57ae8d297424", client.ClientId, default));
        var missingVault = await Assert.ThrowsAsync<RequestFailedException>(() => fixture.Management.ListRoleAssignmentsAsync("nowhere", default));
        var plain = new CofferManagementClient(new Uri(fixture.Server.Server.Options.Authority),
            new Azure.Identity.ClientSecretCredential(client.TenantId, client.ClientId, client.Secret, new Azure.Identity.ClientSecretCredentialOptions
            {
                AuthorityHost = new Uri(fixture.Server.Server.Options.Authority), DisableInstanceDiscovery = true, Transport = fixture.Server.Transport(),
            }),
            "https://" + CofferFixture.Suffix, new PlainOptions { Transport = fixture.Server.Transport() });
        var notAdmin = await Assert.ThrowsAsync<RequestFailedException>(() => plain.ListClientsAsync(default));

        Assert.Equal((400, "BadParameter"), (badPermission.Status, badPermission.ErrorCode));
        Assert.Equal((400, "BadParameter"), (badKind.Status, badKind.ErrorCode));
        Assert.Equal((400, "RoleDefinitionDoesNotExist"), (badRole.Status, badRole.ErrorCode));
        Assert.Equal((409, "RoleAssignmentExists"), (duplicate.Status, duplicate.ErrorCode));
        Assert.Equal((404, "VaultNotFound"), (missingVault.Status, missingVault.ErrorCode));
        Assert.Equal(403, notAdmin.Status);
        Assert.All(await fixture.Management.ListClientsAsync(default), c => Assert.Null(c.Secret));
        Assert.Contains(await fixture.Management.ListRoleAssignmentsAsync(fixture.RbacVault, default),
            a => a.PrincipalId == client.ObjectId && a.RoleName == "Key Vault Crypto User");
    }

    [Fact]
    public async Task DeletedClient_GetsNoNewToken()
    {
        var client = await fixture.Management.CreateClientAsync("short-lived-" + NewName(), admin: false, default);
        await fixture.Management.UpdateAccessPoliciesAsync(fixture.PolicyVault, "add", [new AccessPolicyInfo(null, client.ObjectId, new(null, ["list"], null))], default);

        await fixture.Management.DeleteClientAsync(client.ClientId, default);
        var caller = new Actor(fixture.Server, fixture.PolicyVault, client.ClientId, client.Secret!);

        await Assert.ThrowsAsync<Azure.Identity.AuthenticationFailedException>(() => OperationCase.Drain(caller.Secrets.GetPropertiesOfSecretsAsync()));
        Assert.DoesNotContain(await fixture.Management.ListClientsAsync(default), c => c.ClientId == client.ClientId);
    }

    private sealed class PlainOptions : Azure.Core.ClientOptions;
}
