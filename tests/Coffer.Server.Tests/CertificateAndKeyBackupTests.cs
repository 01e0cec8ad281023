using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Azure;
using Azure.Security.KeyVault.Certificates;
using Azure.Security.KeyVault.Secrets;

namespace Coffer.Server.Tests;

/// <summary>Certificate backups carry the certificate, its policy, its key and its secret, every version; key backups the same key.</summary>
[Collection(CofferServerGroup.Name)]
public sealed class CertificateAndKeyBackupTests(CofferFixture fixture)
{
    private readonly CertificateClient _certificates = fixture.CertificateClient();
    private readonly SecretClient _secrets = fixture.SecretClient();

    private static string NewName() => $"bk-{Guid.NewGuid():N}"[..24];

    [Fact]
    public async Task BackupCertificate_PurgeRestore_BringsBackCertificatePolicyKeyAndSecret()
    {
        var name = NewName();
        var policy = new CertificatePolicy("Self", "CN=backed.up") { ValidityInMonths = 7 };
        await (await _certificates.StartCreateCertificateAsync(name, policy)).WaitForCompletionAsync(TimeSpan.FromMilliseconds(50), default);
        KeyVaultCertificateWithPolicy second = await (await _certificates.StartCreateCertificateAsync(name, policy))
            .WaitForCompletionAsync(TimeSpan.FromMilliseconds(50), default);
        KeyVaultSecret secretBefore = await _secrets.GetSecretAsync(name);
        var keyBefore = JsonNode.Parse(await (await fixture.SendAsync("GET", $"/keys/{name}?api-version=7.4", null)).Content.ReadAsStringAsync())!;

        byte[] blob = await _certificates.BackupCertificateAsync(name);
        await (await _certificates.StartDeleteCertificateAsync(name)).WaitForCompletionAsync();
        await _certificates.PurgeDeletedCertificateAsync(name);
        KeyVaultCertificateWithPolicy restored = await _certificates.RestoreCertificateBackupAsync(blob);

        Assert.Equal(second.Id, restored.Id);
        Assert.Equal(second.Cer, restored.Cer);
        Assert.Equal(7, restored.Policy.ValidityInMonths);
        var versions = 0;
        await foreach (var _ in _certificates.GetPropertiesOfCertificateVersionsAsync(name))
        {
            versions++;
        }

        Assert.Equal(2, versions);
        KeyVaultSecret secretAfter = await _secrets.GetSecretAsync(name);
        Assert.Equal(secretBefore.Value, secretAfter.Value);
        Assert.Equal(secretBefore.Properties.Version, secretAfter.Properties.Version);
        var keyAfter = JsonNode.Parse(await (await fixture.SendAsync("GET", $"/keys/{name}?api-version=7.4", null)).Content.ReadAsStringAsync())!;
        Assert.Equal(keyBefore["key"]!["n"]!.GetValue<string>(), keyAfter["key"]!["n"]!.GetValue<string>());
        Assert.Equal(keyBefore["key"]!["kid"]!.GetValue<string>(), keyAfter["key"]!["kid"]!.GetValue<string>());
        using X509Certificate2 downloaded = await _certificates.DownloadCertificateAsync(name);
        Assert.True(downloaded.HasPrivateKey);
    }

    [Fact]
    public async Task RestoreCertificate_KeyOfTheSameNameExists_Returns409AndWritesNothing()
    {
        var name = NewName();
        await (await _certificates.StartCreateCertificateAsync(name, CertificatePolicy.Default)).WaitForCompletionAsync(TimeSpan.FromMilliseconds(50), default);
        byte[] blob = await _certificates.BackupCertificateAsync(name);
        await (await _certificates.StartDeleteCertificateAsync(name)).WaitForCompletionAsync();
        await _certificates.PurgeDeletedCertificateAsync(name);
        await fixture.SendAsync("POST", $"/keys/{name}/create?api-version=7.4", """{"kty":"EC"}""");

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => _certificates.RestoreCertificateBackupAsync(blob));

        Assert.Equal((409, "Conflict"), (error.Status, error.ErrorCode));
        Assert.Equal(404, (await Assert.ThrowsAsync<RequestFailedException>(() => _certificates.GetCertificateAsync(name))).Status);
        Assert.Equal(404, (await Assert.ThrowsAsync<RequestFailedException>(() => _secrets.GetSecretAsync(name))).Status);
    }

    [Fact]
    public async Task BackupKey_PurgeRestore_IsTheSameKey_ThatStillSigns()
    {
        var name = NewName();
        var created = await JsonAsync("POST", $"/keys/{name}/create?api-version=7.4",
            new JsonObject
            {
                ["kty"] = "RSA", ["key_size"] = 2048,
                ["attributes"] = new JsonObject { ["exp"] = DateTimeOffset.UtcNow.AddYears(1).ToUnixTimeSeconds() },
            }.ToJsonString());
        await JsonAsync("PUT", $"/keys/{name}/rotationpolicy?api-version=7.4",
            """{"lifetimeActions":[{"trigger":{"timeAfterCreate":"P60D"},"action":{"type":"Rotate"}}],"attributes":{"expiryTime":"P90D"}}""");
        var blob = (await JsonAsync("POST", $"/keys/{name}/backup?api-version=7.4", null))["value"]!.GetValue<string>();
        await JsonAsync("DELETE", $"/keys/{name}?api-version=7.4", null);
        await fixture.SendAsync("DELETE", $"/deletedkeys/{name}?api-version=7.4", null);

        var restored = await JsonAsync("POST", "/keys/restore?api-version=7.4", new JsonObject { ["value"] = blob }.ToJsonString());
        var digest = SHA256.HashData("after restore"u8);
        var signature = await JsonAsync("POST", $"/keys/{name}/sign?api-version=7.4", new JsonObject { ["alg"] = "RS256", ["value"] = Base64Url.EncodeToString(digest) }.ToJsonString());
        var policy = await JsonAsync("GET", $"/keys/{name}/rotationpolicy?api-version=7.4", null);

        Assert.Equal(created["key"]!["kid"]!.GetValue<string>(), restored["key"]!["kid"]!.GetValue<string>());
        Assert.Equal(created["key"]!["n"]!.GetValue<string>(), restored["key"]!["n"]!.GetValue<string>());
        Assert.Equal(created["attributes"]!["exp"]!.GetValue<long>(), restored["attributes"]!["exp"]!.GetValue<long>());
        Assert.Equal(created["attributes"]!["created"]!.GetValue<long>(), restored["attributes"]!["created"]!.GetValue<long>());
        Assert.Equal("P90D", policy["attributes"]!["expiryTime"]!.GetValue<string>());
        using var rsa = RSA.Create(new RSAParameters
        {
            Modulus = Base64Url.DecodeFromChars(created["key"]!["n"]!.GetValue<string>()),
            Exponent = Base64Url.DecodeFromChars(created["key"]!["e"]!.GetValue<string>()),
        });
        Assert.True(rsa.VerifyHash(digest, Base64Url.DecodeFromChars(signature["value"]!.GetValue<string>()), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public async Task RestoreKey_BlobOfASecret_Returns400()
    {
        var name = NewName();
        await _secrets.SetSecretAsync(name, "v");
        byte[] secretBlob = await _secrets.BackupSecretAsync(name);

        var response = await fixture.SendAsync("POST", "/keys/restore?api-version=7.4", new JsonObject { ["value"] = Base64Url.EncodeToString(secretBlob) }.ToJsonString());

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Backup blob contains invalid or corrupt version.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("it holds a secret backup", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<JsonNode> JsonAsync(string method, string path, string? body)
    {
        var response = await fixture.SendAsync(method, path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }
}
