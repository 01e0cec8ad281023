using System.Net;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Security.KeyVault.Secrets;
using Coffer.Client.Management;

namespace Coffer.Server.Tests;

/// <summary>BackupSecret / RestoreSecretBackup through the real SecretClient, and the blobs the SDK can't send.</summary>
[Collection(CofferServerGroup.Name)]
public sealed class SecretBackupTests(CofferFixture fixture)
{
    private readonly SecretClient _client = fixture.SecretClient();

    private static string NewName() => $"b-{Guid.NewGuid():N}"[..24];

    [Fact]
    public async Task BackupThenRestore_AfterPurge_RestoresEveryVersionExactly()
    {
        var name = NewName();
        var originals = new List<KeyVaultSecret>();
        for (var i = 0; i < 3; i++)
        {
            var secret = new KeyVaultSecret(name, $"value-{i}");
            secret.Properties.ContentType = $"type-{i}";
            secret.Properties.Tags["n"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            secret.Properties.ExpiresOn = DateTimeOffset.UtcNow.AddDays(30 + i);
            originals.Add(await _client.SetSecretAsync(secret));
        }

        var disabled = originals[1].Properties;
        disabled.Enabled = false;
        await _client.UpdateSecretPropertiesAsync(disabled);
        byte[] blob = await _client.BackupSecretAsync(name);
        Assert.All(originals, o => Assert.True(blob.AsSpan().IndexOf(Encoding.UTF8.GetBytes(o.Value)) < 0, "the blob holds a value in plaintext"));
        await PurgeAsync(name);

        SecretProperties restored = await _client.RestoreSecretBackupAsync(blob);

        Assert.Equal(originals[^1].Id, restored.Id);
        var versions = new List<SecretProperties>();
        await foreach (var version in _client.GetPropertiesOfSecretVersionsAsync(name))
        {
            versions.Add(version);
        }

        Assert.Equal(originals.Select(o => o.Properties.Version).Order(), versions.Select(v => v.Version).Order());
        foreach (var original in originals)
        {
            var copy = versions.Single(v => v.Version == original.Properties.Version);
            Assert.Equal(original.Properties.CreatedOn, copy.CreatedOn);
            Assert.Equal(original.Properties.ContentType, copy.ContentType);
            Assert.Equal(original.Properties.Tags, copy.Tags);
            Assert.Equal(original.Properties.ExpiresOn, copy.ExpiresOn);
            if (original != originals[1])
            {
                Assert.Equal(original.Value, (await _client.GetSecretAsync(name, original.Properties.Version)).Value.Value);
            }
        }

        Assert.False(versions.Single(v => v.Version == originals[1].Properties.Version).Enabled);
    }

    [Fact]
    public async Task Restore_IntoAnotherVaultOfTheSameSubscriptionAndGeography_Works()
    {
        var name = NewName();
        await _client.SetSecretAsync(name, "travels");
        byte[] blob = await _client.BackupSecretAsync(name);
        var vault = await fixture.ManagementClient().CreateVaultAsync(
            new VaultCreateRequest("samegeo-" + Guid.NewGuid().ToString("N")[..8], "westus2"), default);
        var other = fixture.SecretClient(vault.Name);

        SecretProperties restored = await other.RestoreSecretBackupAsync(blob);

        Assert.Equal(fixture.VaultUri(vault.Name), restored.VaultUri);
        Assert.Equal("travels", (await other.GetSecretAsync(name)).Value.Value);
        Assert.Equal("travels", (await _client.GetSecretAsync(name)).Value.Value);
    }

    [Theory]
    [InlineData("westeurope", null, "BackupGeographyMismatch")]
    [InlineData("eastus", "other-subscription", "BackupSubscriptionMismatch")]
    public async Task Restore_IntoOtherGeographyOrSubscription_Returns400AndWritesNothing(string location, string? subscription, string code)
    {
        var name = NewName();
        await _client.SetSecretAsync(name, "stays home");
        byte[] blob = await _client.BackupSecretAsync(name);
        var vault = await fixture.ManagementClient().CreateVaultAsync(new VaultCreateRequest(
            "far-" + Guid.NewGuid().ToString("N")[..8], location, subscription is null ? null : Guid.NewGuid().ToString()), default);
        var elsewhere = fixture.SecretClient(vault.Name);

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => elsewhere.RestoreSecretBackupAsync(blob));

        Assert.Equal((400, code), (error.Status, error.ErrorCode));
        Assert.Equal(404, (await Assert.ThrowsAsync<RequestFailedException>(() => elsewhere.GetSecretAsync(name))).Status);
    }

    [Fact]
    public async Task Restore_NameActive_Returns409()
    {
        var name = NewName();
        await _client.SetSecretAsync(name, "v");
        byte[] blob = await _client.BackupSecretAsync(name);

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => _client.RestoreSecretBackupAsync(blob));

        Assert.Equal((409, "Conflict"), (error.Status, error.ErrorCode));
    }

    [Fact]
    public async Task Restore_NameSoftDeleted_Returns409()
    {
        var name = NewName();
        await _client.SetSecretAsync(name, "v");
        byte[] blob = await _client.BackupSecretAsync(name);
        await (await _client.StartDeleteSecretAsync(name)).WaitForCompletionAsync();

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => _client.RestoreSecretBackupAsync(blob));

        Assert.Equal((409, "Conflict"), (error.Status, error.ErrorCode));
    }

    [Fact]
    public async Task Backup_Missing_Returns404SecretNotFound()
    {
        var error = await Assert.ThrowsAsync<RequestFailedException>(() => _client.BackupSecretAsync(NewName()));

        Assert.Equal((404, "SecretNotFound"), (error.Status, error.ErrorCode));
    }

    [Fact]
    public async Task Restore_DamagedBlobs_Return400MalformedAndWriteNothing()
    {
        var name = NewName();
        await _client.SetSecretAsync(name, "v");
        byte[] blob = await _client.BackupSecretAsync(name);
        await PurgeAsync(name);
        var flipped = blob.ToArray();
        flipped[flipped.Length / 2] ^= 0x10;
        var keyName = NewName();
        await fixture.SendAsync("POST", $"/keys/{keyName}/create?api-version=7.4", """{"kty":"EC"}""");
        var keyBlob = JsonDocument.Parse(await (await fixture.SendAsync("POST", $"/keys/{keyName}/backup?api-version=7.4", null)).Content.ReadAsStringAsync())
            .RootElement.GetProperty("value").GetString()!;

        foreach (var damaged in new[] { blob[..(blob.Length / 2)], flipped, Encoding.UTF8.GetBytes("not a backup"), [0x00], Base64UrlDecode(keyBlob) })
        {
            var error = await Assert.ThrowsAsync<RequestFailedException>(() => _client.RestoreSecretBackupAsync(damaged));
            using var body = JsonDocument.Parse(error.GetRawResponse()!.Content.ToString());
            var wire = body.RootElement.GetProperty("error");
            Assert.Equal((400, "BadParameter"), (error.Status, error.ErrorCode));
            Assert.Equal("Backup blob contains invalid or corrupt version.", wire.GetProperty("message").GetString());
            Assert.Equal("MalformedBackupBlob", wire.GetProperty("innererror").GetProperty("code").GetString());
            Assert.StartsWith("Backup blob is corrupt", wire.GetProperty("innererror").GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(404, (await Assert.ThrowsAsync<RequestFailedException>(() => _client.GetSecretAsync(name))).Status);
    }

    [Theory]
    [InlineData("""{"value":""}""")]
    [InlineData("""{"value":"!!!not base64!!!"}""")]
    [InlineData("""{}""")]
    public async Task Restore_EmptyOrNonBase64Value_Returns400(string body)
    {
        var response = await fixture.SendAsync("POST", "/secrets/restore?api-version=7.4", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Backup blob contains invalid or corrupt version.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Only canonical base64url is a blob, as the SDKs send it: padding or whitespace is not (the +/ alphabet: Base64UrlTests).</summary>
    [Theory]
    [InlineData("padding")]
    [InlineData("whitespace")]
    public async Task Restore_NonCanonicalBase64Url_Returns400AndRestoresNothing(string alteration)
    {
        var name = NewName();
        await _client.SetSecretAsync(name, "v");
        byte[] blob = await _client.BackupSecretAsync(name);
        var deletion = await _client.StartDeleteSecretAsync(name);
        await deletion.WaitForCompletionAsync();
        await _client.PurgeDeletedSecretAsync(name);
        var canonical = System.Buffers.Text.Base64Url.EncodeToString(blob);
        var altered = alteration switch
        {
            "padding" => canonical + (canonical.Length % 4 == 0 ? "====" : new string('=', 4 - canonical.Length % 4)),
            _ => canonical[..40] + "\\n" + canonical[40..],
        };
        Assert.NotEqual(canonical, altered);

        var response = await fixture.SendAsync("POST", "/secrets/restore?api-version=7.4", $$"""{"value":"{{altered}}"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Backup blob contains invalid or corrupt version.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(404, (await Assert.ThrowsAsync<RequestFailedException>(() => _client.GetSecretAsync(name))).Status);
    }

    [Fact]
    public async Task Backup_PostWithoutBody_AsTheCppSdkSends_Works()
    {
        var name = NewName();
        await _client.SetSecretAsync(name, "v");

        var response = await fixture.SendAsync("POST", $"/secrets/{name}/backup?api-version=7.6-preview.2", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("FENvZmZlclNlY3JldEJhY2t1cFYx", json.RootElement.GetProperty("value").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackupRestore_MoreVersionsThanAzuresLimit_KeepsThemAll()
    {
        var name = NewName();
        const int Count = 520;
        for (var i = 0; i < Count; i++)
        {
            await fixture.SendAsync("PUT", $"/secrets/{name}?api-version=7.4", $$"""{"value":"v{{i}}"}""");
        }

        byte[] blob = await _client.BackupSecretAsync(name);
        await PurgeAsync(name);
        await _client.RestoreSecretBackupAsync(blob);

        var versions = 0;
        await foreach (var _ in _client.GetPropertiesOfSecretVersionsAsync(name))
        {
            versions++;
        }

        Assert.Equal(Count, versions);
        Assert.Equal($"v{Count - 1}", (await _client.GetSecretAsync(name)).Value.Value);
    }

    private async Task PurgeAsync(string name)
    {
        await (await _client.StartDeleteSecretAsync(name)).WaitForCompletionAsync();
        await _client.PurgeDeletedSecretAsync(name);
    }

    private static byte[] Base64UrlDecode(string text) => System.Buffers.Text.Base64Url.DecodeFromChars(text);
}
