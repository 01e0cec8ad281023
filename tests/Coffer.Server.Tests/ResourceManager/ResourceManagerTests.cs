using System.Net;
using System.Text.Json;
using Azure.Core;

namespace Coffer.Server.Tests.ResourceManager;

/// <summary>
/// Resource Manager's answers that <c>az</c> cannot be made to provoke (Coffer.Cli.Tests' AzCliTests drive the rest with
/// the real az): tokens of the wrong audience, a missing api-version, requests Coffer refuses rather than half-does, and
/// entries of external issuers, which ARM cannot name and so must leave alone.
/// </summary>
[Collection(CofferServerGroup.Name)]
public sealed class ResourceManagerTests(CofferFixture fixture)
{
    private const string VaultApi = "?api-version=2022-07-01";

    [Fact]
    public async Task Subscriptions_WithoutToken_Returns401AuthenticationFailed()
    {
        var response = await Client().GetAsync("/subscriptions?api-version=2022-12-01");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("AuthenticationFailed", await CodeAsync(response));
        Assert.StartsWith("Bearer authorization_uri=", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscriptions_VaultToken_Returns401AndManagementTokenIsNoVaultToken()
    {
        var vaultToken = await fixture.TokenAsync();
        var response = await SendAsync(HttpMethod.Get, "/subscriptions?api-version=2022-12-01", null, vaultToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("InvalidAuthenticationToken", await CodeAsync(response));

        using var dataPlane = new HttpRequestMessage(HttpMethod.Get, "/secrets?api-version=7.4");
        dataPlane.Headers.Authorization = new("Bearer", await ManagementTokenAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.RawClient().SendAsync(dataPlane)).StatusCode);
    }

    [Fact]
    public async Task Subscriptions_NoApiVersion_Returns400MissingApiVersionParameter()
    {
        var response = await SendAsync(HttpMethod.Get, "/subscriptions", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("MissingApiVersionParameter", await CodeAsync(response));
    }

    [Fact]
    public async Task PutVault_WithTags_Returns400AndCreatesNothing()
    {
        var path = VaultPath("armtags") + VaultApi;
        var response = await SendAsync(HttpMethod.Put, path, Body("eastus", ""","tags":{"team":"a"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BadRequest", await CodeAsync(response));
        var missing = await SendAsync(HttpMethod.Get, path, null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("ResourceNotFound", await CodeAsync(missing));
    }

    [Fact]
    public async Task PutVault_ThenOtherLocation_Returns400AndAuditsTheArmAction()
    {
        var path = VaultPath("armlocation") + VaultApi;
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Put, path, Body("westeurope"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Put, path, Body("westeurope"))).StatusCode);

        var moved = await SendAsync(HttpMethod.Put, path, Body("eastus"));

        Assert.Equal(HttpStatusCode.BadRequest, moved.StatusCode);
        Assert.Contains("location", await MessageAsync(moved), StringComparison.Ordinal);
        var entries = await fixture.AuditEntriesAsync(e => e.Operation == "Microsoft.KeyVault/vaults/write" && e.Status == 400);
        Assert.Contains(entries, e => e.Operation == "Microsoft.KeyVault/vaults/write" && e.ObjectName == "armlocation" && e.Status == 201);
    }

    [Fact]
    public async Task PutVault_Update_ReplacesOwnPoliciesAndKeepsExternalIssuersEntries()
    {
        var path = VaultPath("armexternal") + VaultApi;
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Put, path, Body("eastus"))).StatusCode);
        const string external = """{"properties":{"accessPolicies":[{"objectId":"ext-user","issuer":"https://issuer.example/","permissions":{"secrets":["get"]}}]}}""";
        Assert.Equal(HttpStatusCode.OK, (await AdminAsync(HttpMethod.Put, "/_coffer/vaults/armexternal/accessPolicies/add", external)).StatusCode);
        var own = Body("eastus").Replace("\"accessPolicies\":[]",
            "\"accessPolicies\":[{\"tenantId\":\"" + fixture.Deployment.TenantId + "\",\"objectId\":\"11111111-2222-3333-4444-555555555555\",\"permissions\":{\"keys\":[\"get\"]}}]",
            StringComparison.Ordinal);

        var updated = await SendAsync(HttpMethod.Put, path, own);

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var shown = JsonDocument.Parse(await updated.Content.ReadAsStringAsync()).RootElement.GetProperty("properties").GetProperty("accessPolicies");
        Assert.Equal(["11111111-2222-3333-4444-555555555555"], shown.EnumerateArray().Select(p => p.GetProperty("objectId").GetString()));
        var stored = await (await AdminAsync(HttpMethod.Get, "/_coffer/vaults/armexternal/accessPolicies", null)).Content.ReadAsStringAsync();
        Assert.Contains("ext-user", stored, StringComparison.Ordinal);
        Assert.Contains("11111111-2222-3333-4444-555555555555", stored, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> AdminAsync(HttpMethod method, string path, string? body) =>
        await SendAsync(method, path, body, await fixture.TokenAsync());

    private string VaultPath(string name) =>
        $"/subscriptions/{fixture.Deployment.SubscriptionId}/resourceGroups/coffer/providers/Microsoft.KeyVault/vaults/{name}";

    private string Body(string location, string extra = "") =>
        $$"""{"location":"{{location}}","properties":{"tenantId":"{{fixture.Deployment.TenantId}}","sku":{"family":"A","name":"standard"},"accessPolicies":[]}{{extra}}}""";

    private HttpClient Client()
    {
        var client = fixture.TestServer.CreateClient();
        client.BaseAddress = new Uri(fixture.Server.Options.Authority);
        return client;
    }

    private async Task<string> ManagementTokenAsync() =>
        (await fixture.Credential().GetTokenAsync(new TokenRequestContext([fixture.Server.Options.ManagementResource + "/.default"]), default)).Token;

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body, string? token = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new("Bearer", token ?? await ManagementTokenAsync());
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        return await Client().SendAsync(request);
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("code").GetString();

    private static async Task<string?> MessageAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("message").GetString();
}
