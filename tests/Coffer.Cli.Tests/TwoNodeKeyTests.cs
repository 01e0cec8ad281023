using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Coffer.Cli.Tests;

/// <summary>
/// Key operations on two <c>coffer serve</c> nodes sharing one PostgreSQL database: node B keeps its imported key objects
/// between operations, and a change made on node A applies to node B's very next request. There is no .NET Keys SDK here,
/// so the requests are Key Vault's REST calls with a token of the built-in authority (the JS suite drives the same
/// operations with the official CryptographyClient on one node).
/// </summary>
[Collection(TwoNodeGroup.Name)]
public sealed class TwoNodeKeyTests(TwoNodeFixture fixture)
{
    private const string Api = "api-version=7.6";
    private static readonly string SignBody = $$"""{"alg":"ES256","value":"{{Convert.ToBase64String(new byte[32]).TrimEnd('=')}}"}""";

    private readonly NodePair _nodes = fixture.Nodes;

    [Fact]
    public async Task Sign_KeyChangedOnNodeA_NodeBsNextRequestSeesTheChange()
    {
        using var a = await _nodes.A.AuthorizedClientAsync();
        using var b = await _nodes.B.AuthorizedClientAsync();
        var name = "shared-key-" + Guid.NewGuid().ToString("N")[..8];
        var kid = (await SendAsync(a, "POST", $"keys/{name}/create", """{"kty":"EC","crv":"P-256","key_ops":["sign","verify"]}""", HttpStatusCode.OK))!["key"]!["kid"]!.GetValue<string>();
        var version = kid[(kid.LastIndexOf('/') + 1)..];
        await SignAsync(b, name, version, HttpStatusCode.OK); // node B now holds the key object

        await SendAsync(a, "PATCH", $"keys/{name}/{version}", """{"attributes":{"enabled":false}}""", HttpStatusCode.OK);
        await SignAsync(b, name, version, HttpStatusCode.Forbidden);
        await SendAsync(a, "PATCH", $"keys/{name}/{version}", """{"attributes":{"enabled":true}}""", HttpStatusCode.OK);
        await SignAsync(b, name, version, HttpStatusCode.OK);
        await SendAsync(a, "PATCH", $"keys/{name}/{version}", """{"key_ops":["verify"]}""", HttpStatusCode.OK);
        await SignAsync(b, name, version, HttpStatusCode.Forbidden);
        await SendAsync(a, "PATCH", $"keys/{name}/{version}", """{"key_ops":["sign","verify"],"attributes":{"exp":1}}""", HttpStatusCode.OK);
        await SignAsync(b, name, version, HttpStatusCode.Forbidden);
        var inAnHour = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        await SendAsync(a, "PATCH", $"keys/{name}/{version}", $"{{\"attributes\":{{\"exp\":{inAnHour}}}}}", HttpStatusCode.OK);
        await SignAsync(b, name, version, HttpStatusCode.OK);

        var rotated = (await SendAsync(a, "POST", $"keys/{name}/rotate", null, HttpStatusCode.OK))!["key"]!["kid"]!.GetValue<string>();
        var signed = await SendAsync(b, "POST", $"keys/{name}/sign", SignBody, HttpStatusCode.OK);
        Assert.Equal(new Uri(rotated).AbsolutePath, new Uri(signed!["kid"]!.GetValue<string>()).AbsolutePath);

        await SendAsync(a, "DELETE", $"keys/{name}", null, HttpStatusCode.OK);
        await SignAsync(b, name, version, HttpStatusCode.NotFound);
        await SendAsync(a, "POST", $"deletedkeys/{name}/recover", null, HttpStatusCode.OK);
        await SignAsync(b, name, version, HttpStatusCode.OK);
        await SendAsync(a, "DELETE", $"keys/{name}", null, HttpStatusCode.OK);
        await SendAsync(a, "DELETE", $"deletedkeys/{name}", null, HttpStatusCode.NoContent);
        await SignAsync(b, name, version, HttpStatusCode.NotFound);
    }

    private static Task SignAsync(HttpClient node, string name, string version, HttpStatusCode expected) =>
        SendAsync(node, "POST", $"keys/{name}/{version}/sign", SignBody, expected);

    private static async Task<JsonNode?> SendAsync(HttpClient node, string method, string path, string? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), $"{path}?{Api}");
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await node.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path} answered {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }
}
