using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Coffer.Core;
using Coffer.Core.Crypto;
using Coffer.Core.Keys;
using Coffer.Core.Storage;
using Coffer.Core.Vaults;
using Microsoft.Extensions.DependencyInjection;

namespace Coffer.Server.Tests;

/// <summary>
/// The key object cache inside a running server: every key write on this node lets the key's objects go at once, requests
/// in flight never see a key object disposed under them nor an old answer after a change, and the cache stays within its
/// limits however many key versions are used. Client-level cases (the official CryptographyClient) are in
/// tests/sdk-js/keycache.test.mjs.
/// </summary>
[Collection(CofferServerGroup.Name)]
public sealed class KeyObjectCacheTests(CofferFixture fixture)
{
    private const string Api = "api-version=7.6";

    private KeyObjectCache Cache => fixture.Server.App.Services.GetRequiredService<KeyObjectCache>();

    private string Vault => fixture.Deployment.DefaultVaultName;

    [Fact]
    public async Task Sign_ThenEveryKindOfKeyWrite_LetsTheCachedObjectGoAtOnce()
    {
        var name = $"kc-{Guid.NewGuid():N}"[..20];
        var kid = await CreateEcKeyAsync(name);
        var version = kid[(kid.LastIndexOf('/') + 1)..];
        var writes = new (string What, Func<Task> Write)[]
        {
            ("update", () => ExpectAsync("PATCH", $"/keys/{name}/{version}?{Api}", """{"tags":{"a":"b"}}""", HttpStatusCode.OK)),
            ("rotate", () => ExpectAsync("POST", $"/keys/{name}/rotate?{Api}", null, HttpStatusCode.OK)),
            ("new version", () => ExpectAsync("POST", $"/keys/{name}/create?{Api}", """{"kty":"EC","crv":"P-256"}""", HttpStatusCode.OK)),
        };

        foreach (var (what, write) in writes)
        {
            await SignAsync(name, version, HttpStatusCode.OK);
            Assert.True(Cache.Holds(Vault, name), $"cached before the {what}");
            await write();
            Assert.False(Cache.Holds(Vault, name), $"still cached after the {what}");
        }

        await SignAsync(name, version, HttpStatusCode.OK);
        var backup = JsonNode.Parse(await ExpectAsync("POST", $"/keys/{name}/backup?{Api}", null, HttpStatusCode.OK))!["value"]!.GetValue<string>();
        await ExpectAsync("DELETE", $"/keys/{name}?{Api}", null, HttpStatusCode.OK);
        Assert.False(Cache.Holds(Vault, name), "still cached after the delete");
        await SignAsync(name, version, HttpStatusCode.NotFound);
        await ExpectAsync("POST", $"/deletedkeys/{name}/recover?{Api}", null, HttpStatusCode.OK);
        await SignAsync(name, version, HttpStatusCode.OK);
        await ExpectAsync("DELETE", $"/keys/{name}?{Api}", null, HttpStatusCode.OK);
        await ExpectAsync("DELETE", $"/deletedkeys/{name}?{Api}", null, HttpStatusCode.NoContent);
        await SignAsync(name, version, HttpStatusCode.NotFound);
        Assert.False(Cache.Holds(Vault, name));
        await ExpectAsync("POST", $"/keys/restore?{Api}", $$"""{"value":"{{backup}}"}""", HttpStatusCode.OK);
        await SignAsync(name, version, HttpStatusCode.OK);
        Assert.True(Cache.Holds(Vault, name));
    }

    [Fact]
    public async Task Sign_WhileDisabledAndEnabledAgainAndAgain_EachChangeAppliesToTheNextRequest_AndInFlightOnesNeverFail()
    {
        var name = $"kc-{Guid.NewGuid():N}"[..20];
        var kid = await CreateEcKeyAsync(name);
        var version = kid[(kid.LastIndexOf('/') + 1)..];
        using var stop = new CancellationTokenSource();
        var outcomes = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 2_000 && !stop.IsCancellationRequested; i++)
            {
                using var response = await fixture.SendAsync("POST", $"/keys/{name}/{version}/sign?{Api}", SignBody);
                outcomes.Add(response.StatusCode);
            }
        })).ToArray();

        for (var round = 0; round < 8; round++)
        {
            await ExpectAsync("PATCH", $"/keys/{name}/{version}?{Api}", """{"attributes":{"enabled":false}}""", HttpStatusCode.OK);
            await SignAsync(name, version, HttpStatusCode.Forbidden);
            await ExpectAsync("PATCH", $"/keys/{name}/{version}?{Api}", """{"attributes":{"enabled":true}}""", HttpStatusCode.OK);
            await SignAsync(name, version, HttpStatusCode.OK);
            await ExpectAsync("PATCH", $"/keys/{name}/{version}?{Api}", """{"key_ops":["verify"]}""", HttpStatusCode.OK);
            await SignAsync(name, version, HttpStatusCode.Forbidden);
            await ExpectAsync("PATCH", $"/keys/{name}/{version}?{Api}", """{"key_ops":["sign","verify"]}""", HttpStatusCode.OK);
            await SignAsync(name, version, HttpStatusCode.OK);
        }

        await stop.CancelAsync();
        await Task.WhenAll(load);
        Assert.NotEmpty(outcomes);
        Assert.All(outcomes, status => Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Forbidden, $"a sign in flight answered {status}"));
    }

    [Fact]
    public async Task Operate_TenThousandKeyVersionsSignedInTurn_TheCacheStaysWithinItsLimits()
    {
        const int versions = 10_000;
        var services = fixture.Server.App.Services;
        var store = services.GetRequiredService<IObjectStore>();
        var sealer = services.GetRequiredService<EnvelopeSealer>();
        var vaultName = $"kc{Guid.NewGuid():N}"[..20];
        var vault = new Vault(vaultName, "tenant", "sub", "eastus", 90, false, DateTimeOffset.UtcNow);
        Assert.True(await services.GetRequiredService<IVaultStore>().CreateAsync(vault, default));
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var material = JsonWebKeyMaterial.FromEcdsa(ecdsa, KeyTypes.Ec, Curves.P256);
        var properties = new KeyProperties(KeyTypes.Ec, null, [KeyOperations.Sign, KeyOperations.Verify], material.PublicOnly(), null, null).Serialize();
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        foreach (var chunk in Enumerable.Range(0, versions).Chunk(1_000))
        {
            var inserts = chunk.Select(i =>
            {
                var obj = new ObjectRef(vaultName, ObjectKind.Key, $"k{i}");
                var id = ObjectName.NewVersion();
                return new ObjectInsert(obj, [new ObjectVersion(id, now, now, new ObjectAttributes(true, null, null), null, null,
                    sealer.Seal(material.Serialize(), obj, id), properties)], null);
            }).ToList();
            Assert.Equal(InsertObjectResult.Inserted, await store.InsertObjectsAsync(inserts, default));
        }

        var limits = new KeyObjectCacheLimits(1_000, 1024 * 1024);
        using var cache = new KeyObjectCache(limits);
        var keys = new KeyService(store, sealer, services.GetRequiredService<KeyGenerator>(), cache, TimeProvider.System);
        var peakCount = 0;
        var peakBytes = 0L;
        for (var i = 0; i < versions; i++)
        {
            var (_, signature) = await keys.OperateAsync(vault, $"k{i}", null, KeyOperations.Sign, key => KeyCryptography.Sign(key, "ES256", new byte[32]), default);
            Assert.Equal(64, signature.Length);
            peakCount = Math.Max(peakCount, cache.Count);
            peakBytes = Math.Max(peakBytes, cache.Bytes);
        }

        Assert.True(peakCount <= limits.MaxKeys, $"{peakCount} key versions held");
        Assert.True(peakBytes <= limits.MaxBytes, $"{peakBytes} bytes held");
        Assert.True(cache.Holds(vaultName, $"k{versions - 1}"), "the most recently used is kept");
        Assert.False(cache.Holds(vaultName, "k0"), "the least recently used went");
    }

    private static readonly string SignBody = $$"""{"alg":"ES256","value":"{{Convert.ToBase64String(new byte[32]).TrimEnd('=')}}"}""";

    private async Task<string> CreateEcKeyAsync(string name) =>
        JsonNode.Parse(await ExpectAsync("POST", $"/keys/{name}/create?{Api}", """{"kty":"EC","crv":"P-256","key_ops":["sign","verify"]}""", HttpStatusCode.OK))!
            ["key"]!["kid"]!.GetValue<string>();

    private Task SignAsync(string name, string version, HttpStatusCode expected) =>
        ExpectAsync("POST", $"/keys/{name}/{version}/sign?{Api}", SignBody, expected);

    private async Task<string> ExpectAsync(string method, string path, string? body, HttpStatusCode expected)
    {
        using var response = await fixture.SendAsync(method, path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path} answered {(int)response.StatusCode}: {text}");
        return text;
    }
}
