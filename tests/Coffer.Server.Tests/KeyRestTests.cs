using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Server.Tests;

/// <summary>
/// The Keys API over raw HTTP, for what the JS suite (tests/sdk-js) cannot send: malformed keys and
/// algorithms, the C++ SDK's request shapes, and the database holding no private key bytes.
/// </summary>
[Collection(CofferServerGroup.Name)]
public sealed class KeyRestTests(CofferFixture fixture)
{
    private static string NewName() => $"k-{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task Create_CppSdkBody_WithEmptyKeyOpsAndTags_GetsTheTypesDefaults()
    {
        var name = NewName();

        var key = await JsonAsync("POST", $"/keys/{name}/create?api-version=7.6-preview.2", """{"kty":"RSA","key_size":2048,"key_ops":[],"tags":{}}""");

        Assert.Equal("RSA", key["key"]!["kty"]!.GetValue<string>());
        Assert.Equal(["encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey"], key["key"]!["key_ops"]!.AsArray().Select(o => o!.GetValue<string>()));
        Assert.StartsWith($"{fixture.VaultUri()}keys/{name}/", key["key"]!["kid"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(key["key"]!["d"]);
    }

    [Theory]
    [InlineData("""{"kty":"RSA","key_size":1024}""")]
    [InlineData("""{"kty":"RSA","public_exponent":3}""")]
    [InlineData("""{"kty":"EC","crv":"P-999"}""")]
    [InlineData("""{"kty":"EC","crv":"P-256","key_size":384}""")]
    [InlineData("""{"kty":"oct","key_size":100}""")]
    [InlineData("""{"kty":"DSA"}""")]
    [InlineData("""{"key_size":2048}""")]
    [InlineData("""{"kty":"RSA","key_ops":["fly"]}""")]
    [InlineData("""{"kty":"RSA","key_size":"big"}""")]
    public async Task Create_BadKtySizeCurveOrOps_Returns400(string body) =>
        await AssertErrorAsync(await fixture.SendAsync("POST", $"/keys/{NewName()}/create?api-version=7.4", body), 400, "BadParameter");

    [Theory]
    [InlineData("""{"key":{"kty":"RSA","n":"AQAB","e":"AQAB"}}""")]
    [InlineData("""{"key":{"kty":"RSA","n":"!!!","e":"AQAB","d":"AQAB"}}""")]
    [InlineData("""{"key":{"kty":"EC","crv":"P-256","x":"AAAA","y":"AAAA","d":"AAAA"}}""")]
    [InlineData("""{"key":{"kty":"oct","k":"AAAA"}}""")]
    [InlineData("""{"key":{"kty":"oct"}}""")]
    [InlineData("""{"key":{"n":"AQAB"}}""")]
    [InlineData("""{"key":"rsa"}""")]
    [InlineData("""{}""")]
    public async Task Import_MalformedJwk_Returns400(string body) =>
        await AssertErrorAsync(await fixture.SendAsync("PUT", $"/keys/{NewName()}?api-version=7.4", body), 400, "BadParameter");

    [Fact]
    public async Task Sign_AlgorithmTheKeyCannotDo_Returns400()
    {
        var name = NewName();
        await JsonAsync("POST", $"/keys/{name}/create?api-version=7.4", """{"kty":"RSA"}""");

        await AssertErrorAsync(await SignAsync(name, "ES256"), 400, "BadParameter");
        await AssertErrorAsync(await SignAsync(name, "RS256", digest: new byte[20]), 400, "BadParameter");
        await AssertErrorAsync(await fixture.SendAsync("POST", $"/keys/{name}/encrypt?api-version=7.4", """{"alg":"A256GCM","value":"AAAA"}"""), 400, "BadParameter");
    }

    [Fact]
    public async Task Sign_VersionlessAndDoubleSlashPaths_UseTheLatestVersion()
    {
        var name = NewName();
        var created = await JsonAsync("POST", $"/keys/{name}/create?api-version=7.4", """{"kty":"EC","crv":"P-256"}""");
        var kid = created["key"]!["kid"]!.GetValue<string>();

        foreach (var path in new[] { $"/keys/{name}/sign", $"/keys/{name}//sign" })
        {
            var response = await SignAsync(name, "ES256", path: path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(kid, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["kid"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Sign_DisabledExpiredOrNotPermitted_Returns403()
    {
        var disabled = NewName();
        await JsonAsync("POST", $"/keys/{disabled}/create?api-version=7.4", """{"kty":"EC","attributes":{"enabled":false}}""");
        var expired = NewName();
        await JsonAsync("POST", $"/keys/{expired}/create?api-version=7.4", """{"kty":"EC","attributes":{"exp":1000000000}}""");
        var verifyOnly = NewName();
        await JsonAsync("POST", $"/keys/{verifyOnly}/create?api-version=7.4", """{"kty":"EC","key_ops":["verify"]}""");

        await AssertErrorAsync(await SignAsync(disabled, "ES256"), 403, "Forbidden", "KeyDisabled");
        await AssertErrorAsync(await SignAsync(expired, "ES256"), 403, "Forbidden", "KeyExpired");
        await AssertErrorAsync(await SignAsync(verifyOnly, "ES256"), 403, "Forbidden", "KeyOperationForbidden");
        var verify = await fixture.SendAsync("POST", $"/keys/{expired}/verify?api-version=7.4",
            new JsonObject { ["alg"] = "ES256", ["digest"] = B64(new byte[32]), ["value"] = B64(new byte[64]) }.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, verify.StatusCode);
    }

    [Fact]
    public async Task Get_Missing_Returns404KeyNotFound_CreateWhileDeleted_Returns409()
    {
        var name = NewName();
        await AssertErrorAsync(await fixture.SendAsync("GET", $"/keys/{name}?api-version=7.4", null), 404, "KeyNotFound");
        await JsonAsync("POST", $"/keys/{name}/create?api-version=7.4", """{"kty":"oct-HSM"}""");
        await JsonAsync("DELETE", $"/keys/{name}?api-version=7.4", null);

        await AssertErrorAsync(await fixture.SendAsync("POST", $"/keys/{name}/create?api-version=7.4", """{"kty":"oct"}"""), 409, "Conflict", "ObjectIsDeletedButRecoverable");
    }

    [Fact]
    public async Task Import_Keys_DatabaseHoldsNoPrivateKeyBytes()
    {
        using var rsa = RSA.Create(2048);
        var rsaParameters = rsa.ExportParameters(true);
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var ecParameters = ec.ExportParameters(true);
        var octKey = RandomNumberGenerator.GetBytes(32);
        var rsaJwk = new JsonObject
        {
            ["kty"] = "RSA", ["n"] = B64(rsaParameters.Modulus!), ["e"] = B64(rsaParameters.Exponent!), ["d"] = B64(rsaParameters.D!),
            ["p"] = B64(rsaParameters.P!), ["q"] = B64(rsaParameters.Q!), ["dp"] = B64(rsaParameters.DP!),
            ["dq"] = B64(rsaParameters.DQ!), ["qi"] = B64(rsaParameters.InverseQ!),
        };
        var ecJwk = new JsonObject { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = B64(ecParameters.Q.X!), ["y"] = B64(ecParameters.Q.Y!), ["d"] = B64(ecParameters.D!) };
        var octJwk = new JsonObject { ["kty"] = "oct", ["k"] = B64(octKey) };

        foreach (var jwk in new[] { rsaJwk, ecJwk, octJwk })
        {
            var imported = await JsonAsync("PUT", $"/keys/{NewName()}?api-version=7.4", new JsonObject { ["key"] = jwk }.ToJsonString());
            Assert.Null(imported["key"]!["d"]);
            Assert.Null(imported["key"]!["k"]);
        }

        var digest = SHA256.HashData("signed by the imported key"u8);
        var name = NewName();
        await JsonAsync("PUT", $"/keys/{name}?api-version=7.4", new JsonObject { ["key"] = rsaJwk.DeepClone() }.ToJsonString());
        var signature = await JsonAsync("POST", $"/keys/{name}/sign?api-version=7.4", new JsonObject { ["alg"] = "PS256", ["value"] = B64(digest) }.ToJsonString());
        Assert.True(rsa.VerifyHash(digest, Base64Url.DecodeFromChars(signature["value"]!.GetValue<string>()), HashAlgorithmName.SHA256, RSASignaturePadding.Pss));

        byte[][] secrets = [rsaParameters.D!, rsaParameters.P!, rsaParameters.Q!, ecParameters.D!, octKey];
        foreach (var file in Directory.GetFiles(fixture.DataDirectory, "*", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            foreach (var secret in secrets)
            {
                Assert.True(bytes.AsSpan().IndexOf(secret) < 0, $"{file} holds private key bytes.");
                Assert.True(bytes.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(B64(secret))) < 0, $"{file} holds private key text.");
            }
        }
    }

    [Fact]
    public async Task RotationPolicy_BadDurations_Return400()
    {
        var name = NewName();
        await JsonAsync("POST", $"/keys/{name}/create?api-version=7.4", """{"kty":"EC"}""");

        foreach (var body in new[]
        {
            """{"lifetimeActions":[{"trigger":{"timeAfterCreate":"soon"},"action":{"type":"Rotate"}}]}""",
            """{"lifetimeActions":[{"trigger":{"timeAfterCreate":"P30D"},"action":{"type":"Explode"}}]}""",
            """{"lifetimeActions":[],"attributes":{"expiryTime":"P1D"}}""",
        })
        {
            await AssertErrorAsync(await fixture.SendAsync("PUT", $"/keys/{name}/rotationpolicy?api-version=7.4", body), 400, "BadParameter");
        }
    }

    [Theory]
    [InlineData("""{"count":0}""")]
    [InlineData("""{"count":129}""")]
    [InlineData("""{}""")]
    public async Task RandomBytes_CountOutOfRange_Returns400(string body) =>
        await AssertErrorAsync(await fixture.SendAsync("POST", "/rng?api-version=7.4", body), 400, "BadParameter");

    private Task<HttpResponseMessage> SignAsync(string name, string alg, byte[]? digest = null, string? path = null) =>
        fixture.SendAsync("POST", $"{path ?? $"/keys/{name}/sign"}?api-version=7.4",
            new JsonObject { ["alg"] = alg, ["value"] = B64(digest ?? new byte[32]) }.ToJsonString());

    private async Task<JsonNode> JsonAsync(string method, string path, string? body)
    {
        var response = await fixture.SendAsync(method, path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, int status, string code, string? innerCode = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        using var json = JsonDocument.Parse(text);
        var error = json.RootElement.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        if (innerCode is not null)
        {
            Assert.Equal(innerCode, error.GetProperty("innererror").GetProperty("code").GetString());
        }
    }

    private static string B64(byte[] bytes) => Base64Url.EncodeToString(bytes);
}
