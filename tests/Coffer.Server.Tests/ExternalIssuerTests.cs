using Azure;
using Azure.Security.KeyVault.Secrets;
using Coffer.Client.Management;
using Coffer.Tests;

namespace Coffer.Server.Tests;

/// <summary>Tokens of an external OIDC issuer configured by metadata URL and audience, through the real SecretClient.</summary>
public sealed class ExternalIssuerTests : IAsyncLifetime
{
    private const string Audience = "api://coffer-tests";

    private TestOidcIssuer _issuer = null!;
    private TestOidcIssuer _stranger = null!;
    private TestOidcIssuer _multiTenant = null!;
    private CofferFixture _fixture = null!;

    public async Task InitializeAsync()
    {
        _issuer = await TestOidcIssuer.StartAsync();
        _stranger = await TestOidcIssuer.StartAsync();
        _multiTenant = await TestOidcIssuer.StartAsync(multiTenant: true);
        _fixture = new CofferFixture(Directory.CreateTempSubdirectory("coffer-oidc-").FullName,
            configureOptions: options =>
            {
                options.ExternalIssuers.Add(new Auth.ExternalIssuerOptions(_issuer.MetadataAddress, Audience));
                options.ExternalIssuers.Add(new Auth.ExternalIssuerOptions(_multiTenant.MetadataAddress, Audience, Issuer: _multiTenant.DocumentIssuer));
            });
        await _fixture.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _fixture.DisposeAsync();
        await _issuer.DisposeAsync();
        await _stranger.DisposeAsync();
        await _multiTenant.DisposeAsync();
    }

    [Fact]
    public async Task SecretClient_ExternalIssuerToken_IsAcceptedAsItsPrincipal()
    {
        var principal = Guid.NewGuid().ToString();
        await GrantAsync(principal);
        var client = Client(_issuer.Token(Audience, new Dictionary<string, object> { ["sub"] = "user-1", ["oid"] = principal, ["azp"] = "company-app" }));

        await client.SetSecretAsync("external", "from the company IdP");
        var read = await client.GetSecretAsync("external");

        Assert.Equal("from the company IdP", read.Value.Value);
        var entries = await _fixture.AuditEntriesAsync(e => e.Operation == "SecretGet" && e.ObjectId == principal);
        Assert.Contains(entries, e => e.Operation == "SecretGet" && (e.ObjectId, e.ApplicationId, e.TenantId) == (principal, "company-app", _fixture.Deployment.TenantId));
    }

    [Fact]
    public async Task SecretClient_ExternalPrincipalWithoutPolicy_Gets403NamingItsIssuer()
    {
        var principal = Guid.NewGuid().ToString();
        var client = Client(_issuer.Token(Audience, new Dictionary<string, object> { ["oid"] = principal, ["azp"] = "company-app" }));

        var denied = await Assert.ThrowsAsync<Azure.RequestFailedException>(() => client.GetSecretAsync("anything"));

        Assert.Equal((403, "Forbidden"), (denied.Status, denied.ErrorCode));
        Assert.Contains($"'appid=company-app;oid={principal};iss={_issuer.Issuer}'", Authorization.PermissionMatrixTests.ErrorOf(denied).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecretClient_TokenWithoutOid_UsesSub()
    {
        await GrantAsync("subject-only");
        var client = Client(_issuer.Token(Audience, new Dictionary<string, object> { ["sub"] = "subject-only" }));

        await client.SetSecretAsync("by-sub", "v");

        var entries = await _fixture.AuditEntriesAsync(e => e.ObjectId == "subject-only" && e.Status == 200);
        Assert.Contains(entries, e => e.Operation == "SecretSet" && e.ObjectId == "subject-only");
    }

    [Fact]
    public async Task SecretClient_UnconfiguredIssuer_Gets401()
    {
        var client = Client(_stranger.Token(Audience, new Dictionary<string, object> { ["oid"] = Guid.NewGuid().ToString() }));

        var refused = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetSecretAsync("anything"));

        Assert.Equal(401, refused.Status);
        Assert.Contains("AKV10032", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecretClient_ConfiguredIssuerNameButForeignKeyOrAudience_Gets401()
    {
        var forged = Client(_stranger.Token(Audience, new Dictionary<string, object> { ["oid"] = "x" }, issuer: _issuer.Issuer));
        var otherAudience = Client(_issuer.Token("api://someone-else", new Dictionary<string, object> { ["oid"] = "x" }));

        var badKey = await Assert.ThrowsAsync<RequestFailedException>(() => forged.GetSecretAsync("anything"));
        var badAudience = await Assert.ThrowsAsync<RequestFailedException>(() => otherAudience.GetSecretAsync("anything"));

        Assert.Equal((401, true), (badKey.Status, badKey.Message.Contains("AKV10014", StringComparison.Ordinal)));
        Assert.Equal((401, true), (badAudience.Status, badAudience.Message.Contains("AKV10022", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SecretClient_MultiTenantIssuerToken_IsAcceptedWhenItsIssNamesItsTid()
    {
        var principal = Guid.NewGuid().ToString();
        var tenant = _fixture.Deployment.TenantId;
        await GrantAsync(principal, $"{_multiTenant.Issuer}/{tenant}/v2.0");
        var claims = new Dictionary<string, object> { ["oid"] = principal, ["tid"] = tenant };
        var own = Client(_multiTenant.Token(Audience, claims, issuer: $"{_multiTenant.Issuer}/{tenant}/v2.0"));
        var otherTenants = Client(_multiTenant.Token(Audience, claims, issuer: $"{_multiTenant.Issuer}/{Guid.NewGuid()}/v2.0"));

        await own.SetSecretAsync("multi-tenant", "v");
        var refused = await Assert.ThrowsAsync<RequestFailedException>(() => otherTenants.GetSecretAsync("multi-tenant"));

        Assert.Equal((401, true), (refused.Status, refused.Message.Contains("AKV10032", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SecretClient_BuiltInIssuer_StillWorks()
    {
        await _fixture.SecretClient().SetSecretAsync("built-in", "v");

        Assert.Equal("v", (await _fixture.SecretClient().GetSecretAsync("built-in")).Value.Value);
    }

    [Fact]
    public async Task SecretClient_FirstTokenOfRotatedKey_IsAccepted()
    {
        var principal = Guid.NewGuid().ToString();
        await GrantAsync(principal);
        await Client(_issuer.Token(Audience, new Dictionary<string, object> { ["oid"] = principal })).SetSecretAsync("rotation", "before");

        _issuer.RotateKey();
        var read = await Client(_issuer.Token(Audience, new Dictionary<string, object> { ["oid"] = principal, ["jti"] = "new key" })).GetSecretAsync("rotation");

        Assert.Equal("before", read.Value.Value);
    }

    [Fact]
    public async Task SecretClient_FloodOfUnknownKeyIds_FetchesKeysOnceMoreAndLetsTheRotatedKeyThrough()
    {
        var principal = Guid.NewGuid().ToString();
        await GrantAsync(principal);
        await Client(_issuer.Token(Audience, new Dictionary<string, object> { ["oid"] = principal })).SetSecretAsync("flood", "v");
        var fetchesBefore = _issuer.KeyFetches;

        _issuer.RotateKey();
        var flood = System.Diagnostics.Stopwatch.StartNew();
        var forged = Enumerable.Range(0, 40).Select(_ => Client(_issuer.ForgedToken(Audience, new Dictionary<string, object> { ["oid"] = principal }))).ToArray();
        var rotated = Client(_issuer.Token(Audience, new Dictionary<string, object> { ["oid"] = principal, ["jti"] = "new key" }));
        var refusing = forged.Select(client => Assert.ThrowsAsync<RequestFailedException>(() => client.GetSecretAsync("flood"))).ToArray();
        var read = await rotated.GetSecretAsync("flood");
        var refused = await Task.WhenAll(refusing);
        var refreshWindows = (int)(flood.Elapsed.TotalSeconds / 5); // fetches are at most one per 5 s: a slow machine spreads the flood over more

        Assert.Equal("v", read.Value.Value);
        Assert.All(refused, r => Assert.Equal((401, true), (r.Status, r.Message.Contains("AKV10014", StringComparison.Ordinal))));
        // One refresh serves every token that arrived before it began; at most one more for any that came after (per 5 s window).
        Assert.InRange(_issuer.KeyFetches - fetchesBefore, 1, 2 + refreshWindows);
    }

    [Fact]
    public async Task SecretClient_ExternalTokenWithAdminObjectId_Gets403AndIsAuditedAsItself()
    {
        var admin = await DefaultClientAsync();
        var impostor = Client(_issuer.Token(Audience, new Dictionary<string, object> { ["oid"] = admin.ObjectId, ["azp"] = admin.ClientId, ["appid"] = admin.ClientId }));

        var read = await Assert.ThrowsAsync<RequestFailedException>(() => impostor.GetSecretAsync("anything"));
        var write = await Assert.ThrowsAsync<RequestFailedException>(() => impostor.SetSecretAsync("impostor", "v"));

        Assert.Equal((403, 403), (read.Status, write.Status));
        Assert.Contains($"iss={_issuer.Issuer}'", Authorization.PermissionMatrixTests.ErrorOf(read).Message, StringComparison.Ordinal);
        var entries = await _fixture.AuditEntriesAsync(e => e.Operation == "SecretSet" && e.Status == 403 && e.Issuer == _issuer.Issuer);
        Assert.Contains(entries, e => e.Operation == "SecretGet" && e.Status == 403 && e.ObjectId == admin.ObjectId && e.Issuer == _issuer.Issuer);
        Assert.DoesNotContain(entries, e => e.ObjectId == admin.ObjectId && e.Issuer is not null && e.Status == 200);
    }

    [Fact]
    public async Task ManagementApi_ExternalTokenWithAdminClaims_Gets403()
    {
        var admin = await DefaultClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, _fixture.Server.Options.Authority + "/_coffer/vaults");
        request.Headers.Authorization = new("Bearer", _issuer.Token(Audience, new Dictionary<string, object> { ["oid"] = admin.ObjectId, ["appid"] = admin.ClientId }));

        using var response = await _fixture.TestServer.CreateClient().SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task SecretClient_BuiltInPolicyForSameObjectId_GrantsNothingToExternalToken()
    {
        var principal = Guid.NewGuid().ToString();
        await _fixture.ManagementClient().UpdateAccessPoliciesAsync(_fixture.Deployment.DefaultVaultName, "add",
            [new AccessPolicyInfo(null, principal, new AccessPolicyPermissionsInfo(null, ["get", "set"], null))], default);
        var client = Client(_issuer.Token(Audience, new Dictionary<string, object> { ["oid"] = principal }));

        var denied = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetSecretAsync("anything"));

        Assert.Equal(403, denied.Status);
    }

    [Fact]
    public async Task SecretClient_RbacVault_RoleOfExternalPrincipalNeedsItsIssuer()
    {
        var vault = "ext-rbac-" + Guid.NewGuid().ToString("N")[..8];
        var management = _fixture.ManagementClient();
        await management.CreateVaultAsync(new VaultCreateRequest(vault, EnableRbacAuthorization: true), default);
        var admin = await DefaultClientAsync();
        await management.CreateRoleAssignmentAsync(vault, "Key Vault Secrets Officer", admin.ObjectId, default);
        var principal = Guid.NewGuid().ToString();
        await management.CreateRoleAssignmentAsync(vault, "Key Vault Secrets Officer", principal, default, principalIssuer: _issuer.Issuer);
        var impostor = Client(_issuer.Token(Audience, new Dictionary<string, object> { ["oid"] = admin.ObjectId }), vault);
        var external = Client(_issuer.Token(Audience, new Dictionary<string, object> { ["oid"] = principal }), vault);

        await external.SetSecretAsync("rbac", "v");
        var denied = await Assert.ThrowsAsync<RequestFailedException>(() => impostor.GetSecretAsync("rbac"));

        Assert.Equal((403, "v"), (denied.Status, (await external.GetSecretAsync("rbac")).Value.Value));
        Assert.Contains((await management.ListRoleAssignmentsAsync(vault, default)), a => a.PrincipalId == principal && a.PrincipalIssuer == _issuer.Issuer);
    }

    [Fact]
    public async Task UpdateAccessPolicies_IssuerIsBuiltInAuthorityOrNotAUrl_Returns400()
    {
        var management = _fixture.ManagementClient();
        var builtIn = $"{_fixture.Server.Options.Authority}/{_fixture.Deployment.TenantId}/v2.0";

        var own = await Assert.ThrowsAsync<RequestFailedException>(() => management.UpdateAccessPoliciesAsync(_fixture.Deployment.DefaultVaultName, "add",
            [new AccessPolicyInfo(null, "someone", new AccessPolicyPermissionsInfo(null, ["get"], null), builtIn)], default));
        var relative = await Assert.ThrowsAsync<RequestFailedException>(() => management.UpdateAccessPoliciesAsync(_fixture.Deployment.DefaultVaultName, "add",
            [new AccessPolicyInfo(null, "someone", new AccessPolicyPermissionsInfo(null, ["get"], null), "idp")], default));

        Assert.Equal((400, 400), (own.Status, relative.Status));
    }

    [Fact]
    public async Task SecretClient_ExternalTokenOfOtherTenant_Gets401NamingItsOwnIssuer()
    {
        var client = Client(_issuer.Token(Audience, new Dictionary<string, object> { ["oid"] = Guid.NewGuid().ToString(), ["tid"] = Guid.NewGuid().ToString() }));

        var refused = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetSecretAsync("anything"));

        Assert.Equal(401, refused.Status);
        Assert.Contains($"found {_issuer.Issuer}.", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>An access policy for the external principal (named with its issuer): authentication alone grants nothing.</summary>
    private Task GrantAsync(string objectId, string? issuer = null) => _fixture.ManagementClient().UpdateAccessPoliciesAsync(_fixture.Deployment.DefaultVaultName,
        "add", [new AccessPolicyInfo(null, objectId, new AccessPolicyPermissionsInfo(null, ["get", "set"], null), issuer ?? _issuer.Issuer)], default);

    private async Task<ClientInfo> DefaultClientAsync() =>
        (await _fixture.ManagementClient().ListClientsAsync(default)).Single(c => c.ClientId == _fixture.Deployment.DefaultClientId);

    private SecretClient Client(string token, string? vault = null) =>
        new(_fixture.VaultUri(vault), new FixedTokenCredential(token), new SecretClientOptions { Transport = _fixture.Transport(), Retry = { MaxRetries = 0 } });

}
