using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Azure;
using Azure.Core;
using Azure.Identity;
using Coffer.Client.Management;
using Coffer.Server.Auth;
using Coffer.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Coffer.Server.Tests;

[Collection(CofferServerGroup.Name)]
public sealed class AuthTests(CofferFixture fixture)
{
    private const string SecretsPath = "/secrets?api-version=7.4";

    [Fact]
    public async Task Request_WithoutToken_Returns401WithChallenge()
    {
        var response = await fixture.RawClient().GetAsync(SecretsPath);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(
            $"Bearer authorization=\"{fixture.Server.Options.Authority}/{fixture.Deployment.TenantId}\", resource=\"https://vault.localhost\"",
            response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(
            """{"error":{"code":"Unauthorized","message":"AKV10000: Request is missing a Bearer or PoP token."}}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Request_ToHostWithPort_ChallengesForTheResourceWithThatPort()
    {
        var client = fixture.TestServer.CreateClient();
        client.BaseAddress = new Uri($"https://{fixture.Deployment.DefaultVaultName}.vault.localhost:8443");

        var response = await client.GetAsync(SecretsPath);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.EndsWith("resource=\"https://vault.localhost:8443\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecretClient_VaultUrlWithPort_AuthenticatesThroughTheChallengeWithVerificationOn()
    {
        var vaultUri = new Uri($"https://{fixture.Deployment.DefaultVaultName}.vault.localhost:8443");
        var client = new Azure.Security.KeyVault.Secrets.SecretClient(vaultUri, fixture.Credential(),
            new Azure.Security.KeyVault.Secrets.SecretClientOptions { Transport = fixture.Transport(), Retry = { MaxRetries = 0 } });

        var set = await client.SetSecretAsync("through-port", "v");

        Assert.Equal(new Uri(vaultUri, $"/secrets/through-port/{set.Value.Properties.Version}"), set.Value.Id);
        Assert.Equal("v", (await client.GetSecretAsync("through-port")).Value.Value);
    }

    [Fact]
    public async Task TokenEndpoint_ScopeWithPort_IssuesTokenForThatAudienceWhichIsServed()
    {
        var token = (await fixture.Credential().GetTokenAsync(new TokenRequestContext(["https://vault.localhost:19443/.default"]), default)).Token;

        Assert.Equal(["https://vault.localhost:19443"], new JsonWebToken(token).Audiences);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(token)).StatusCode);
    }

    [Theory]
    [InlineData("https://management.azure.com/.default")]
    [InlineData("https://vault.localhost.example.com:8443/.default")]
    [InlineData("https://x.vault.localhost/.default")]
    [InlineData("http://vault.localhost:8443/.default")]
    [InlineData("https://vault.localhost:8443/keys/.default")]
    [InlineData("https://vault.localhost/.default https://vault.localhost:8443/.default")]
    public async Task TokenEndpoint_ScopeOfAnotherResource_Returns400InvalidScope(string scope)
    {
        var response = await fixture.TestServer.CreateClient().PostAsync(
            new Uri($"{fixture.Server.Options.Authority}/{fixture.Deployment.TenantId}/oauth2/v2.0/token"),
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = fixture.Deployment.DefaultClientId,
                ["client_secret"] = fixture.Deployment.DefaultClientSecret,
                ["scope"] = scope,
            }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"error\":\"invalid_scope\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://vault.localhost")]
    [InlineData("https://vault.localhost/")]
    [InlineData("https://vault.localhost:8443")]
    [InlineData("https://VAULT.localhost:19443/")]
    public async Task Request_TokenForTheResourceWithOrWithoutPort_IsServed(string audience)
    {
        var response = await SendAsync(TokenFor(audience));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode); // authenticated; this principal has no access policy
    }

    [Theory]
    [InlineData("https://management.azure.com")]
    [InlineData("https://other.localhost:8443")]
    [InlineData("https://vault.localhost:8443/keys")]
    [InlineData("http://vault.localhost:8443")]
    public async Task Request_TokenForAnotherResource_Returns401(string audience)
    {
        await AssertChallengedAsync(await SendAsync(TokenFor(audience)), "audience");
    }

    [Fact]
    public async Task Request_WithValidToken_IsServedWithoutChallenge()
    {
        var response = await SendAsync(await fixture.TokenAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Request_TamperedToken_Returns401()
    {
        var token = await fixture.TokenAsync();
        var parts = token.Split('.');
        var payload = System.Text.Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(parts[1]))
            .Replace(fixture.Deployment.DefaultClientId, Guid.NewGuid().ToString(), StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(payload)}.{parts[2]}";

        await AssertChallengedAsync(await SendAsync(tampered));
    }

    [Fact]
    public async Task Request_ExpiredToken_Returns401()
    {
        var expired = Issuer.Issue(fixture.Deployment.TenantId, Guid.NewGuid().ToString(), "app", "https://vault.localhost",
            DateTimeOffset.UtcNow.AddHours(-3), TimeSpan.FromHours(1));

        var response = await SendAsync(expired);

        await AssertChallengedAsync(response, "expired");
    }

    [Fact]
    public async Task Request_TokenSignedByAnotherKey_Returns401()
    {
        using var otherKey = RSA.Create(2048);
        var impostor = new TokenIssuer(otherKey, fixture.Server.Options, TimeProvider.System);
        var token = impostor.Issue(fixture.Deployment.TenantId, Guid.NewGuid().ToString(), "app", "https://vault.localhost",
            DateTimeOffset.UtcNow, TimeSpan.FromHours(1));

        await AssertChallengedAsync(await SendAsync(token), "signature");
    }

    [Fact]
    public async Task Request_NotAToken_Returns401()
    {
        await AssertChallengedAsync(await SendAsync("garbage"));
    }

    [Fact]
    public async Task Request_TokenOfOtherTenant_Returns401ChallengingTheVaultsTenant()
    {
        var otherTenant = Guid.NewGuid().ToString();
        await fixture.ManagementClient().CreateVaultAsync(new VaultCreateRequest("tenant2vault", TenantId: otherTenant), default);

        var response = await SendAsync(await fixture.TokenAsync(), "tenant2vault");

        await AssertChallengedAsync(response);
        Assert.Contains(otherTenant, response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_UnknownVault_Returns404()
    {
        var response = await fixture.RawClient("novault").GetAsync(SecretsPath);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("\"code\":\"VaultNotFound\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientSecretCredential_WrongSecret_FailsAuthentication()
    {
        var client = new Azure.Security.KeyVault.Secrets.SecretClient(fixture.VaultUri(), fixture.Credential("wrong-secret"),
            new Azure.Security.KeyVault.Secrets.SecretClientOptions { Transport = fixture.Transport(), Retry = { MaxRetries = 0 } });

        var error = await Assert.ThrowsAsync<AuthenticationFailedException>(() => client.GetSecretAsync("any"));

        Assert.Contains("AADSTS7000215", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManagementApi_WithoutToken_Returns401()
    {
        var client = fixture.TestServer.CreateClient();

        var response = await client.GetAsync(new Uri($"{fixture.Server.Options.Authority}/_coffer/vaults"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ManagementApi_CreateVault_ServesSecretsOnItsOwnHost()
    {
        var management = fixture.ManagementClient();
        var vault = await management.CreateVaultAsync(new VaultCreateRequest("second", "westeurope"), default);
        var second = fixture.SecretClient("second");
        var first = fixture.SecretClient();

        await second.SetSecretAsync("only-in-second", "v");

        Assert.Equal("Europe", vault.Geography);
        Assert.Equal(fixture.Deployment.SubscriptionId, vault.SubscriptionId);
        Assert.Equal("v", (await second.GetSecretAsync("only-in-second")).Value.Value);
        Assert.Equal(404, (await Assert.ThrowsAsync<RequestFailedException>(() => first.GetSecretAsync("only-in-second"))).Status);
        Assert.Contains("second", (await management.ListVaultsAsync(default)).Select(v => v.Name));
        Assert.Equal(409, (await Assert.ThrowsAsync<RequestFailedException>(
            () => management.CreateVaultAsync(new VaultCreateRequest("second"), default))).Status);

        await management.DeleteVaultAsync("second", default);

        var afterDelete = await Assert.ThrowsAsync<RequestFailedException>(() => second.GetSecretAsync("only-in-second"));
        Assert.Equal(404, afterDelete.Status);
    }

    [Fact]
    public async Task ManagementApi_BadVault_Returns400ListingProblems()
    {
        var error = await Assert.ThrowsAsync<RequestFailedException>(
            () => fixture.ManagementClient().CreateVaultAsync(new VaultCreateRequest("x", "mars", SoftDeleteRetentionInDays: 3), default));

        Assert.Equal((400, "BadParameter"), (error.Status, error.ErrorCode));
        Assert.Contains("mars", error.Message, StringComparison.Ordinal);
    }

    private TokenIssuer Issuer => fixture.Server.App.Services.GetRequiredService<TokenIssuer>();

    /// <summary>A current token of the built-in issuer for <paramref name="audience"/>, for a principal no vault knows.</summary>
    private string TokenFor(string audience) =>
        Issuer.Issue(fixture.Deployment.TenantId, Guid.NewGuid().ToString(), "app", audience, DateTimeOffset.UtcNow, TimeSpan.FromHours(1));

    private async Task<HttpResponseMessage> SendAsync(string token, string? vault = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, SecretsPath);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await fixture.RawClient(vault).SendAsync(request);
    }

    private static async Task AssertChallengedAsync(HttpResponseMessage response, string? messagePart = null)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer authorization=", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"code\":\"Unauthorized\"", body, StringComparison.Ordinal);
        if (messagePart is not null)
        {
            Assert.Contains(messagePart, body, StringComparison.OrdinalIgnoreCase);
        }
    }
}
