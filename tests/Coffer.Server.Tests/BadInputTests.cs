using System.Net;
using System.Text.Json;

namespace Coffer.Server.Tests;

/// <summary>What the SDKs cannot send: malformed bodies, versions and paging. Never a 500.</summary>
[Collection(CofferServerGroup.Name)]
public sealed class BadInputTests(CofferFixture fixture)
{
    [Theory]
    [InlineData("PUT", "/secrets/s1?api-version=7.4", "{\"value\":")]
    [InlineData("PUT", "/secrets/s1?api-version=7.4", "[1,2]")]
    [InlineData("PUT", "/secrets/s1?api-version=7.4", "{\"value\":42}")]
    [InlineData("PUT", "/secrets/s1?api-version=7.4", "")]
    [InlineData("PUT", "/secrets/s1?api-version=7.4", "{}")]
    [InlineData("PUT", "/secrets/s1?api-version=7.4", "{\"value\":\"v\",\"attributes\":{\"exp\":\"tomorrow\"}}")]
    [InlineData("PUT", "/secrets/s1?api-version=7.4", "{\"value\":\"v\",\"attributes\":{\"exp\":99999999999999}}")]
    [InlineData("PUT", "/secrets/s1?api-version=7.4", "{\"value\":\"v\",\"attributes\":{\"nbf\":2000000000,\"exp\":1000000000}}")]
    [InlineData("PUT", "/secrets/s1?api-version=7.4", "{\"value\":\"v\",\"tags\":{\"a\":1}}")]
    [InlineData("PUT", "/secrets/s1?api-version=1.0", "{\"value\":\"v\"}")]
    [InlineData("PUT", "/secrets/s1", "{\"value\":\"v\"}")]
    [InlineData("PATCH", "/secrets/s1/?api-version=7.4", "not json")]
    [InlineData("GET", "/secrets?api-version=7.4&maxresults=26", null)]
    [InlineData("GET", "/secrets?api-version=7.4&maxresults=0", null)]
    [InlineData("GET", "/secrets?api-version=7.4&maxresults=abc", null)]
    [InlineData("GET", "/secrets?api-version=7.4&$skiptoken=%%%", null)]
    [InlineData("GET", "/deletedsecrets/bad_name?api-version=7.4", null)]
    public async Task BadRequest_Returns400BadParameter(string method, string path, string? body)
    {
        var response = await SendAsync(method, path, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BadParameter", await ErrorCodeAsync(response));
    }

    [Theory]
    [InlineData("7.0")]
    [InlineData("7.6-preview.2")]
    [InlineData("2025-07-01")]
    [InlineData("2026-04-01")]
    public async Task ApiVersion_Supported_IsAccepted(string version)
    {
        var response = await SendAsync("GET", $"/secrets?api%2Dversion={version}", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ApiVersion_GivenTwiceWithDifferentValues_Returns400NamingBoth()
    {
        var response = await SendAsync("GET", "/secrets?api-version=7.4&api-version=7.3", null);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = json.RootElement.GetProperty("error");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BadParameter", error.GetProperty("code").GetString());
        Assert.Equal("The api-version query parameter is given more than once, with different values (7.4, 7.3): give it once.",
            error.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("GET", "/secrets?api-version=7.4&api-version=7.4", null)).StatusCode);
    }

    [Fact]
    public async Task UnknownRoute_Returns404WithKeyVaultBody()
    {
        var response = await SendAsync("GET", "/nothing/here?api-version=7.4", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotNull(await ErrorCodeAsync(response));
    }

    [Fact]
    public async Task WrongMethod_Returns405WithKeyVaultBody()
    {
        var response = await SendAsync("POST", "/secrets/s1?api-version=7.4", "{}");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("MethodNotAllowed", await ErrorCodeAsync(response));
    }

    [Fact]
    public async Task List_NextLink_CarriesApiVersionAndPageSize()
    {
        for (var i = 0; i < 3; i++)
        {
            await SendAsync("PUT", $"/secrets/nextlink-{i}?api-version=7.4", "{\"value\":\"v\"}");
        }

        var response = await SendAsync("GET", "/secrets?api-version=7.4&maxresults=1", null);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var nextLink = json.RootElement.GetProperty("nextLink").GetString()!;

        Assert.StartsWith($"{fixture.VaultUri()}secrets?api-version=7.4&$skiptoken=", nextLink, StringComparison.Ordinal);
        Assert.EndsWith("&maxresults=1", nextLink, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("GET", new Uri(nextLink).PathAndQuery, null)).StatusCode);
    }

    private Task<HttpResponseMessage> SendAsync(string method, string path, string? body) => fixture.SendAsync(method, path, body);

    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("error").GetProperty("code").GetString();
    }
}
