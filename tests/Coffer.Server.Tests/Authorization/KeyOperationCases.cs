using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Coffer.Server.Tests.Authorization;

/// <summary>Every Keys API operation, raw (no .NET Keys SDK here; tests/sdk-js drives the JS one).</summary>
internal static class KeyOperationCases
{
    private const string Ec = """{"kty":"EC","crv":"P-256"}""";
    private const string Rsa = """{"kty":"RSA","key_size":2048}""";
    private static readonly string Digest = Base64Url.EncodeToString(SHA256.HashData("digest"u8));
    private static readonly string Cek = Base64Url.EncodeToString(new byte[32]);

    public static IEnumerable<OperationCase> All() =>
    [
        new("keys/create", "keys", "create", (_, caller, name) => caller.SendAsync("POST", $"/keys/{name}/create", Ec)),
        new("keys/import", "keys", "import", (_, caller, name) => caller.SendAsync("PUT", $"/keys/{name}", ImportBody())),
        new("keys/get", "keys", "get", Arranged(Ec, (caller, name) => caller.SendAsync("GET", $"/keys/{name}"))),
        new("keys/update", "keys", "update", Arranged(Ec, (caller, name) => caller.SendAsync("PATCH", $"/keys/{name}", """{"attributes":{"enabled":true}}"""))),
        new("keys/list", "keys", "list", (_, caller, _) => caller.SendAsync("GET", "/keys?maxresults=1")),
        new("keys/listVersions", "keys", "list", Arranged(Ec, (caller, name) => caller.SendAsync("GET", $"/keys/{name}/versions"))),
        new("keys/delete", "keys", "delete", Arranged(Ec, (caller, name) => caller.SendAsync("DELETE", $"/keys/{name}"))),
        new("keys/listDeleted", "keys", "list", (_, caller, _) => caller.SendAsync("GET", "/deletedkeys?maxresults=1")),
        new("keys/getDeleted", "keys", "get", Deleted((caller, name) => caller.SendAsync("GET", $"/deletedkeys/{name}"))),
        new("keys/purge", "keys", "purge", Deleted((caller, name) => caller.SendAsync("DELETE", $"/deletedkeys/{name}"))),
        new("keys/recover", "keys", "recover", Deleted((caller, name) => caller.SendAsync("POST", $"/deletedkeys/{name}/recover"))),
        new("keys/backup", "keys", "backup", Arranged(Ec, (caller, name) => caller.SendAsync("POST", $"/keys/{name}/backup"))),
        new("keys/restore", "keys", "restore", async (admin, caller, name) =>
        {
            await admin.SendAsync("POST", $"/keys/{name}/create", Ec);
            var blob = (await admin.SendAsync("POST", $"/keys/{name}/backup"))!["value"]!.GetValue<string>();
            await admin.SendAsync("DELETE", $"/keys/{name}");
            await admin.SendAsync("DELETE", $"/deletedkeys/{name}");
            await caller.SendAsync("POST", "/keys/restore", new JsonObject { ["value"] = blob }.ToJsonString());
        }),
        new("keys/encrypt", "keys", "encrypt", Arranged(Rsa, (caller, name) => caller.SendAsync("POST", $"/keys/{name}/encrypt", Cipher(Cek)))),
        new("keys/decrypt", "keys", "decrypt", async (admin, caller, name) =>
        {
            await admin.SendAsync("POST", $"/keys/{name}/create", Rsa);
            var encrypted = (await admin.SendAsync("POST", $"/keys/{name}/encrypt", Cipher(Cek)))!["value"]!.GetValue<string>();
            await caller.SendAsync("POST", $"/keys/{name}/decrypt", Cipher(encrypted));
        }),
        new("keys/wrapKey", "keys", "wrapKey", Arranged(Rsa, (caller, name) => caller.SendAsync("POST", $"/keys/{name}/wrapkey", Cipher(Cek)))),
        new("keys/unwrapKey", "keys", "unwrapKey", async (admin, caller, name) =>
        {
            await admin.SendAsync("POST", $"/keys/{name}/create", Rsa);
            var wrapped = (await admin.SendAsync("POST", $"/keys/{name}/wrapkey", Cipher(Cek)))!["value"]!.GetValue<string>();
            await caller.SendAsync("POST", $"/keys/{name}/unwrapkey", Cipher(wrapped));
        }),
        new("keys/sign", "keys", "sign", Arranged(Ec, (caller, name) => caller.SendAsync("POST", $"/keys/{name}/sign", Sign()))),
        new("keys/verify", "keys", "verify", async (admin, caller, name) =>
        {
            await admin.SendAsync("POST", $"/keys/{name}/create", Ec);
            var signature = (await admin.SendAsync("POST", $"/keys/{name}/sign", Sign()))!["value"]!.GetValue<string>();
            await caller.SendAsync("POST", $"/keys/{name}/verify", new JsonObject { ["alg"] = "ES256", ["digest"] = Digest, ["value"] = signature }.ToJsonString());
        }),
        new("keys/release", "keys", "release", Arranged(Ec, (caller, name) => caller.SendAsync("POST", $"/keys/{name}/release", """{"target":"attestation"}""")),
            AllowedStatus: 400),
        new("keys/rotate", "keys", "rotate", Arranged(Ec, (caller, name) => caller.SendAsync("POST", $"/keys/{name}/rotate"))),
        new("keys/getRotationPolicy", "keys", "getrotationpolicy", Arranged(Ec, (caller, name) => caller.SendAsync("GET", $"/keys/{name}/rotationpolicy"))),
        new("keys/setRotationPolicy", "keys", "setrotationpolicy", Arranged(Ec, (caller, name) => caller.SendAsync("PUT", $"/keys/{name}/rotationpolicy",
            """{"lifetimeActions":[{"trigger":{"timeAfterCreate":"P60D"},"action":{"type":"Rotate"}}],"attributes":{"expiryTime":"P90D"}}"""))),
    ];

    private static Func<Actor, Actor, string, Task> Arranged(string create, Func<Actor, string, Task> act) => async (admin, caller, name) =>
    {
        await admin.SendAsync("POST", $"/keys/{name}/create", create);
        await act(caller, name);
    };

    private static Func<Actor, Actor, string, Task> Deleted(Func<Actor, string, Task> act) => async (admin, caller, name) =>
    {
        await admin.SendAsync("POST", $"/keys/{name}/create", Ec);
        await admin.SendAsync("DELETE", $"/keys/{name}");
        await act(caller, name);
    };

    private static string Cipher(string value) => new JsonObject { ["alg"] = "RSA-OAEP", ["value"] = value }.ToJsonString();

    private static string Sign() => new JsonObject { ["alg"] = "ES256", ["value"] = Digest }.ToJsonString();

    private static string ImportBody()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var p = ec.ExportParameters(true);
        return new JsonObject
        {
            ["key"] = new JsonObject
            {
                ["kty"] = "EC", ["crv"] = "P-256", ["x"] = Base64Url.EncodeToString(p.Q.X), ["y"] = Base64Url.EncodeToString(p.Q.Y), ["d"] = Base64Url.EncodeToString(p.D),
            },
        }.ToJsonString();
    }
}
