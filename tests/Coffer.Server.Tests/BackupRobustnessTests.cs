using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Azure;
using Azure.Security.KeyVault.Secrets;
using Coffer.Core;
using Coffer.Core.Crypto;
using Coffer.Core.Keys;
using Coffer.Core.Storage;
using Coffer.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace Coffer.Server.Tests;

/// <summary>Restore under hostile input and huge histories: never a 5xx, never a trace, nothing lost.</summary>
[Collection(CofferServerGroup.Name)]
public sealed class BackupRobustnessTests(CofferFixture fixture)
{
    private readonly SecretClient _client = fixture.SecretClient();

    [Fact]
    public async Task Restore_TenThousandMutatedBlobs_NeverAnswers5xx_AndCreatesNothing()
    {
        const string Name = "mutant-source";
        await _client.SetSecretAsync(Name, "v1");
        await _client.SetSecretAsync(Name, "v2");
        byte[] blob = await _client.BackupSecretAsync(Name);
        await (await _client.StartDeleteSecretAsync(Name)).WaitForCompletionAsync();
        await _client.PurgeDeletedSecretAsync(Name);
        var keyName = "mutant-key";
        await fixture.SendAsync("POST", $"/keys/{keyName}/create?api-version=7.4", """{"kty":"EC"}""");
        var keyBlob = Base64Url.DecodeFromChars(JsonNode.Parse(await (await fixture.SendAsync("POST", $"/keys/{keyName}/backup?api-version=7.4", null))
            .Content.ReadAsStringAsync())!["value"]!.GetValue<string>());
        var secretsBefore = await CountSecretsAsync();
        var random = new Random(20261125);
        var mutants = Enumerable.Range(0, 10_000).Select(i => Mutate(blob, keyBlob, random, i)).ToList();
        var statuses = new int[mutants.Count];

        await Parallel.ForEachAsync(Enumerable.Range(0, mutants.Count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var body = new JsonObject { ["value"] = Base64Url.EncodeToString(mutants[i]) }.ToJsonString();
            using var response = await fixture.SendAsync("POST", "/secrets/restore?api-version=7.4", body);
            statuses[i] = (int)response.StatusCode;
        });

        Assert.DoesNotContain(statuses, s => s >= 500);
        Assert.All(statuses, s => Assert.Equal(400, s));
        Assert.Equal(404, (await Assert.ThrowsAsync<RequestFailedException>(() => _client.GetSecretAsync(Name))).Status);
        Assert.Equal(secretsBefore, await CountSecretsAsync());
        Assert.Equal(200, (int)(await _client.RestoreSecretBackupAsync(blob)).GetRawResponse().Status);
    }

    [Fact]
    public async Task BackupRestore_TenThousandVersions_SecretAndKey_AllComeBack()
    {
        const int Versions = 10_000;
        var store = fixture.Server.App.Services.GetRequiredService<IObjectStore>();
        var sealer = fixture.Server.App.Services.GetRequiredService<EnvelopeSealer>();
        var vault = fixture.Deployment.DefaultVaultName;
        var secret = new ObjectRef(vault, ObjectKind.Secret, "ten-thousand-secret");
        var key = new ObjectRef(vault, ObjectKind.Key, "ten-thousand-key");
        var start = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        var secretVersions = SecretHistory.Versions(sealer, secret, Versions, start);
        var keyVersions = Enumerable.Range(0, Versions).Select(i =>
        {
            var id = Guid.NewGuid().ToString("N");
            var material = new JsonWebKeyMaterial { Kty = KeyTypes.Oct, K = RandomNumberGenerator.GetBytes(32) };
            var properties = new KeyProperties(KeyTypes.Oct, 256, KeyOperations.DefaultsFor(KeyTypes.Oct), material.PublicOnly(), null, null);
            return new ObjectVersion(id, start.AddSeconds(i), start.AddSeconds(i), ObjectAttributes.Default, null, null,
                sealer.Seal(material.Serialize(), key, id), properties.Serialize());
        }).ToList();
        await store.InsertObjectsAsync([new ObjectInsert(secret, secretVersions, null)], default);
        await store.InsertObjectsAsync([new ObjectInsert(key, keyVersions, null)], default);

        foreach (var (obj, collection, expected) in new[] { (secret, "secrets", secretVersions), (key, "keys", keyVersions) })
        {
            var backup = JsonNode.Parse(await (await fixture.SendAsync("POST", $"/{collection}/{obj.Name}/backup?api-version=7.4", null)).Content.ReadAsStringAsync())!;
            await fixture.SendAsync("DELETE", $"/{collection}/{obj.Name}?api-version=7.4", null);
            await fixture.SendAsync("DELETE", $"/deleted{collection}/{obj.Name}?api-version=7.4", null);

            var restored = await fixture.SendAsync("POST", $"/{collection}/restore?api-version=7.4", new JsonObject { ["value"] = backup["value"]!.GetValue<string>() }.ToJsonString());

            Assert.True(restored.StatusCode == HttpStatusCode.OK, await restored.Content.ReadAsStringAsync());
            var read = await store.ReadObjectAsync(obj, default);
            Assert.Equal(expected.Select(v => (v.Version, v.Created)), read!.Versions.Select(v => (v.Version, v.Created)));
        }

        Assert.Equal("value-9999", (await _client.GetSecretAsync(secret.Name)).Value.Value);
        Assert.Equal("value-0", (await _client.GetSecretAsync(secret.Name, secretVersions[0].Version)).Value.Value);
    }

    /// <summary>Single-byte changes, truncations, splices with another blob, insertions and junk, in turn.</summary>
    private static byte[] Mutate(byte[] blob, byte[] other, Random random, int i)
    {
        var copy = blob.ToArray();
        switch (i % 5)
        {
            case 0:
                copy[random.Next(copy.Length)] ^= (byte)random.Next(1, 256);
                return copy;
            case 1:
                return copy[..random.Next(copy.Length)];
            case 2:
                var cut = random.Next(1, Math.Min(copy.Length, other.Length));
                return [.. copy[..cut], .. other[cut..]];
            case 3:
                var at = random.Next(copy.Length);
                return [.. copy[..at], (byte)random.Next(256), .. copy[at..]];
            default:
                var junk = new byte[random.Next(0, 64)];
                random.NextBytes(junk);
                return junk;
        }
    }

    private async Task<int> CountSecretsAsync()
    {
        var count = 0;
        await foreach (var _ in _client.GetPropertiesOfSecretsAsync())
        {
            count++;
        }

        return count;
    }
}
