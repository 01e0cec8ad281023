using Coffer.Core.Authorization;
using Coffer.Core.Errors;

namespace Coffer.Core.Tests;

public sealed class AuthorizationModelTests
{
    [Theory]
    [InlineData("Microsoft.KeyVault/vaults/*", "Microsoft.KeyVault/vaults/secrets/getSecret/action", true)]
    [InlineData("Microsoft.KeyVault/vaults/*/read", "Microsoft.KeyVault/vaults/keys/read", true)]
    [InlineData("Microsoft.KeyVault/vaults/*/read", "Microsoft.KeyVault/vaults/keyrotationpolicies/read", true)]
    [InlineData("Microsoft.KeyVault/vaults/*/read", "Microsoft.KeyVault/vaults/secrets/getSecret/action", false)]
    [InlineData("Microsoft.KeyVault/vaults/keys/*", "Microsoft.KeyVault/vaults/keyrotationpolicies/read", false)]
    [InlineData("microsoft.keyvault/vaults/secrets/getsecret/action", "Microsoft.KeyVault/vaults/secrets/getSecret/action", true)]
    [InlineData("Microsoft.KeyVault/vaults/keys/read", "Microsoft.KeyVault/vaults/keys/read/more", false)]
    public void Matches_AzureWildcards(string pattern, string action, bool expected) =>
        Assert.Equal(expected, RoleDefinition.Matches(pattern, action));

    [Fact]
    public void BuiltInRoles_GrantWhatAzuresDefinitionsGrant()
    {
        Assert.True(BuiltInRoles.SecretsUser.Allows("Microsoft.KeyVault/vaults/secrets/getSecret/action"));
        Assert.False(BuiltInRoles.SecretsUser.Allows("Microsoft.KeyVault/vaults/secrets/setSecret/action"));
        Assert.False(BuiltInRoles.Reader.Allows("Microsoft.KeyVault/vaults/secrets/getSecret/action"));
        Assert.True(BuiltInRoles.Reader.Allows("Microsoft.KeyVault/vaults/secrets/readMetadata/action"));
        Assert.True(BuiltInRoles.CryptoServiceEncryptionUser.Allows("Microsoft.KeyVault/vaults/keys/unwrap/action"));
        Assert.False(BuiltInRoles.CryptoServiceEncryptionUser.Allows("Microsoft.KeyVault/vaults/keys/sign/action"));
        Assert.False(BuiltInRoles.CryptoUser.Allows("Microsoft.KeyVault/vaults/keys/restore/action"));
        Assert.Empty(BuiltInRoles.DataAccessAdministrator.DataActions);
        Assert.Same(BuiltInRoles.CryptoOfficer, BuiltInRoles.Find("key vault crypto officer"));
        Assert.Same(BuiltInRoles.CryptoOfficer, BuiltInRoles.Find("/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/14b46e9e-c2b7-41b4-b07b-48a6ebf60603"));
        Assert.Null(BuiltInRoles.Find("Owner"));
    }

    [Fact]
    public void Normalize_SpellsAsAzure_ExpandsAll_RejectsUnknown()
    {
        Assert.Equal(["unwrapKey", "wrapKey"], AccessPolicyPermissions.Normalize("keys", ["WRAPKEY", "unwrapkey", "wrapKey"]));
        Assert.Equal(AccessPolicyPermissions.Secrets, AccessPolicyPermissions.Normalize("secrets", ["get", "All"]));
        Assert.Null(AccessPolicyPermissions.Normalize("certificates", null));
        var error = Assert.Throws<KeyVaultException>(() => AccessPolicyPermissions.Normalize("secrets", ["decrypt"]));
        Assert.Equal((400, "BadParameter"), (error.Status, error.Code));
    }

    [Fact]
    public void Grants_ManageIssuersCoversIssuerPermissionsOnly()
    {
        var policy = new AccessPolicy("t", "o", [], [], ["manageissuers"]);

        Assert.True(policy.Grants("certificates", "getissuers"));
        Assert.True(policy.Grants("certificates", "deleteissuers"));
        Assert.False(policy.Grants("certificates", "managecontacts"));
        Assert.False(policy.Grants("keys", "getissuers"));
    }

    [Fact]
    public void VaultAccess_EntryOfOneIssuer_GrantsNothingToSameObjectIdOfAnother()
    {
        const string Idp = "https://idp.example/";
        var access = new VaultAccess(VaultAuthorizationMode.AccessPolicies,
            [new AccessPolicy("t", "o", [], ["get"], [], Idp)],
            [new RoleAssignment("a", BuiltInRoles.SecretsUser.Id, "o", "/", DateTimeOffset.UnixEpoch)]);

        Assert.True(access.PolicyAllows("t", "O", Idp, "secrets", "get"));
        Assert.False(access.PolicyAllows("t", "o", null, "secrets", "get"));
        Assert.False(access.PolicyAllows("t", "o", "https://other.example/", "secrets", "get"));
        Assert.True(access.RbacAllows("o", null, "Microsoft.KeyVault/vaults/secrets/getSecret/action"));
        Assert.False(access.RbacAllows("o", Idp, "Microsoft.KeyVault/vaults/secrets/getSecret/action"));
    }

    [Fact]
    public void EveryAccessPolicyPermission_HasADataAction()
    {
        foreach (var area in new[] { "keys", "secrets", "certificates" })
        {
            Assert.All(AccessPolicyPermissions.Of(area), p => Assert.StartsWith("Microsoft.KeyVault/vaults/", DataPlanePermissions.DataActionOf(area, p), StringComparison.Ordinal));
        }
    }
}
