using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Coffer.Server.Tests.Authorization;

/// <summary>Malformed management requests about access are 400 (or 404), never 500, and change nothing.</summary>
[Collection(CofferServerGroup.Name)]
public sealed class ManagementBadInputTests(CofferFixture fixture)
{
    [Theory]
    [InlineData("PUT", "/accessPolicies/add", "not json")]
    [InlineData("PUT", "/accessPolicies/add", "{}")]
    [InlineData("PUT", "/accessPolicies/add", """{"properties":{}}""")]
    [InlineData("PUT", "/accessPolicies/add", """{"properties":{"accessPolicies":[{"permissions":{"keys":["get"]}}]}}""")]
    [InlineData("PUT", "/accessPolicies/add", """{"properties":{"accessPolicies":[{"objectId":"o","permissions":{"keys":["get",null]}}]}}""")]
    [InlineData("PUT", "/accessPolicies/add", """{"properties":{"accessPolicies":[{"objectId":"o","permissions":{"keys":"get"}}]}}""")]
    [InlineData("PUT", "/accessPolicies/add", """{"properties":{"accessPolicies":[{"objectId":"o","permissions":{"secrets":["sign"]}}]}}""")]
    [InlineData("PUT", "/accessPolicies/upsert", """{"properties":{"accessPolicies":[]}}""")]
    [InlineData("PUT", "/roleAssignments/not-a-guid", """{"roleDefinitionId":"Key Vault Reader","principalId":"p"}""")]
    [InlineData("PUT", "/roleAssignments/6f1c9bde-8c0a-4c43-9d8e-2c3f1f4f3a11", """{"roleDefinitionId":"Key Vault Reader"}""")]
    [InlineData("PUT", "/roleAssignments/6f1c9bde-8c0a-4c43-9d8e-2c3f1f4f3a11", """{"roleDefinitionId":"/","principalId":"p"}""")]
    [InlineData("PUT", "/roleAssignments/6f1c9bde-8c0a-4c43-9d8e-2c3f1f4f3a11", """{"roleDefinitionId":42,"principalId":"p"}""")]
    [InlineData("PATCH", "", """{"enableRbacAuthorization":"yes"}""")]
    [InlineData("PATCH", "", "[]")]
    public async Task VaultAccessRequests_Malformed_Return400(string method, string path, string body)
    {
        var before = await fixture.ManagementClient().GetVaultAsync(fixture.Deployment.DefaultVaultName, default);

        var response = await SendAsync(method, $"/_coffer/vaults/{fixture.Deployment.DefaultVaultName}{path}", body);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]);
        var after = await fixture.ManagementClient().GetVaultAsync(fixture.Deployment.DefaultVaultName, default);
        Assert.Equal(before.EnableRbacAuthorization, after.EnableRbacAuthorization);
        Assert.Equal(before.AccessPolicies!.Count, after.AccessPolicies!.Count);
    }

    [Theory]
    [InlineData("POST", "/_coffer/clients", """{"name":""}""", 400)]
    [InlineData("POST", "/_coffer/clients", """{"admin":true}""", 400)]
    [InlineData("POST", "/_coffer/clients", """{"name":"x","admin":"sure"}""", 400)]
    [InlineData("DELETE", "/_coffer/clients/nobody", null, 404)]
    [InlineData("PUT", "/_coffer/vaults/nowhere/accessPolicies/add", """{"properties":{"accessPolicies":[]}}""", 404)]
    [InlineData("PATCH", "/_coffer/vaults/nowhere", """{"enableRbacAuthorization":true}""", 404)]
    [InlineData("GET", "/_coffer/vaults/nowhere/roleAssignments/6f1c9bde-8c0a-4c43-9d8e-2c3f1f4f3a11", null, 404)]
    [InlineData("DELETE", "/_coffer/vaults/nowhere/roleAssignments/6f1c9bde-8c0a-4c43-9d8e-2c3f1f4f3a11", null, 404)]
    [InlineData("POST", "/_coffer/backup/reseal?toGeography=Europe", "x", 400)]
    [InlineData("POST", "/_coffer/backup/reseal?toSubscription=6f1c9bde-8c0a-4c43-9d8e-2c3f1f4f3a11&toSubscription=6f1c9bde-8c0a-4c43-9d8e-2c3f1f4f3a12&toGeography=Europe", "x", 400)]
    [InlineData("POST", "/_coffer/backup/reseal?toSubscription=6f1c9bde-8c0a-4c43-9d8e-2c3f1f4f3a11&toGeography=Europe&adminOverride=sure", "x", 400)]
    [InlineData("POST", "/_coffer/backup/reseal?toSubscription=6f1c9bde-8c0a-4c43-9d8e-2c3f1f4f3a11&toGeography=Europe", null, 400)]
    [InlineData("POST", "/_coffer/backup/reseal?toSubscription=6f1c9bde-8c0a-4c43-9d8e-2c3f1f4f3a11&toGeography=Europe", "{\"value\":\"AAAA\"}", 400)]
    public async Task ClientAndVaultRequests_BadOrMissing_Return4xx(string method, string path, string? body, int status)
    {
        var response = await SendAsync(method, path, body);

        Assert.Equal(status, (int)response.StatusCode);
    }

    private async Task<HttpResponseMessage> SendAsync(string method, string path, string? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await fixture.TokenAsync());
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var client = fixture.TestServer.CreateClient();
        client.BaseAddress = new Uri(fixture.Server.Options.Authority);
        return await client.SendAsync(request);
    }
}
