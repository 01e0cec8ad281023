using System.Text.Json.Nodes;
using Azure;
using Azure.Security.KeyVault.Certificates;
using Azure.Security.KeyVault.Secrets;
using Coffer.Core;
using Coffer.Core.Audit;
using Coffer.Core.Backup.Archive;
using Coffer.Server.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static Coffer.Server.Tests.VaultArchiveCalls;

namespace Coffer.Server.Tests;

/// <summary>Whole-vault backup and restore: what goes into the archive, what comes back, and every way a restore is refused.</summary>
[Collection(CofferServerGroup.Name)]
public sealed class VaultArchiveEndpointTests(CofferFixture fixture)
{
    [Fact]
    public async Task SnapshotRestore_MixedVault_EveryObjectAndVersionComesBackAsTheSdkSeesIt()
    {
        var source = await NewVaultAsync(fixture, "eastus");
        var secrets = fixture.SecretClient(source);
        var certificates = fixture.CertificateClient(source);
        await secrets.SetSecretAsync(new KeyVaultSecret("plain", "one"));
        await secrets.SetSecretAsync(new KeyVaultSecret("plain", "two") { Properties = { ContentType = "text/plain", Tags = { ["env"] = "prod" } } });
        var third = (await secrets.SetSecretAsync("plain", "three")).Value;
        third.Properties.Enabled = false;
        await secrets.UpdateSecretPropertiesAsync(third.Properties);
        await secrets.SetSecretAsync("gone", "deleted before the backup");
        await (await secrets.StartDeleteSecretAsync("gone")).WaitForCompletionAsync();
        await fixture.SendAsync("POST", $"/keys/signer/create?api-version={ApiVersion}", """{"kty":"EC","crv":"P-256"}""", source);
        await fixture.SendAsync("POST", $"/keys/signer/create?api-version={ApiVersion}", """{"kty":"EC","crv":"P-384"}""", source);
        var policy = new CertificatePolicy("Self", "CN=archived") { KeyType = CertificateKeyType.Ec, KeyCurveName = CertificateKeyCurveName.P256 };
        await (await certificates.StartCreateCertificateAsync("tls", policy)).WaitForCompletionAsync(TimeSpan.FromMilliseconds(50), default);
        await (await certificates.StartCreateCertificateAsync("tls", policy)).WaitForCompletionAsync(TimeSpan.FromMilliseconds(50), default);

        var archive = await SnapshotAsync(fixture, source);
        var target = await NewVaultAsync(fixture, "westus2");
        var (status, report) = await RestoreAsync(fixture, target, archive);

        Assert.Equal(["certificate tls 2", "key signer 2", "secret plain 3"],
            (await ManifestAsync(fixture, archive)).Select(e => $"{e.Kind.WireName()} {e.Name} {e.VersionCount}").Order());
        Assert.Equal(200, status);
        Assert.Equal(3, report["restored"]!.AsArray().Count);
        Assert.Empty(report["skipped"]!.AsArray());
        Assert.Empty(report["failed"]!.AsArray());
        Assert.Equal(await DescribeVaultAsync(fixture, source), await DescribeVaultAsync(fixture, target));
        await AssertSameSecretAsync(secrets, fixture.SecretClient(target), "plain");
        await AssertSameSecretAsync(secrets, fixture.SecretClient(target), "tls");
        var restoredCertificate = (await fixture.CertificateClient(target).GetCertificateAsync("tls")).Value;
        Assert.Equal((await certificates.GetCertificateAsync("tls")).Value.Cer, restoredCertificate.Cer);
        Assert.Equal(KeyVersionsOf(await KeyVersionsAsync(source)), KeyVersionsOf(await KeyVersionsAsync(target)));
        Assert.Equal(404, (await Assert.ThrowsAsync<RequestFailedException>(() => fixture.SecretClient(target).GetSecretAsync("gone"))).Status);
    }

    [Fact]
    public async Task Restore_UnsignedRestArchiveOfSdkBlobs_RestoresEveryObject()
    {
        var source = await NewVaultAsync(fixture);
        var secrets = fixture.SecretClient(source);
        await secrets.SetSecretAsync("one", "first");
        await secrets.SetSecretAsync("one", "second");
        await secrets.SetSecretAsync("two", "only");
        using var archive = new MemoryStream();
        using (var writer = await VaultArchiveWriter.CreateAsync(archive,
            new VaultArchiveHeader(source, fixture.VaultUri(source).ToString(), VaultArchiveHeader.RestSource, DateTimeOffset.UtcNow), null, default))
        {
            foreach (var name in new[] { "one", "two" })
            {
                await writer.AddAsync(ObjectKind.Secret, name, (await secrets.BackupSecretAsync(name)).Value, null, null, default);
            }

            await writer.CompleteAsync(default);
        }

        var target = await NewVaultAsync(fixture);
        var (status, report) = await RestoreAsync(fixture, target, archive.ToArray());

        Assert.Equal(200, status);
        Assert.Equal(["one 2", "two 1"], report["restored"]!.AsArray().Select(r => $"{r!["name"]} {r["versions"]}"));
        Assert.Equal("second", (await fixture.SecretClient(target).GetSecretAsync("one")).Value.Value);
    }

    [Theory]
    [InlineData("westeurope", false, "BackupGeographyMismatch")]
    [InlineData("eastus2", true, "BackupSubscriptionMismatch")]
    public async Task Restore_IntoAnotherGeographyOrSubscription_Returns400BeforeWritingAnything(string location, bool otherSubscription, string code)
    {
        var (archive, _) = await SeededArchiveAsync("a", "b");
        var elsewhere = (await fixture.ManagementClient().CreateVaultAsync(new Client.Management.VaultCreateRequest(
            "far-" + Guid.NewGuid().ToString("N")[..8], location, otherSubscription ? Guid.NewGuid().ToString() : null), default)).Name;

        var (status, body) = await RestoreAsync(fixture, elsewhere, archive);

        Assert.Equal((400, code), (status, body["error"]!["code"]!.GetValue<string>()));
        Assert.Empty(await DescribeVaultAsync(fixture, elsewhere));
    }

    [Fact]
    public async Task Restore_ConflictPolicyFail_Returns409NamingTheConflictAndWritesNothing()
    {
        var (archive, _) = await SeededArchiveAsync("a", "b", "c");
        var target = await NewVaultAsync(fixture);
        await fixture.SecretClient(target).SetSecretAsync("b", "already here");

        var (status, body) = await RestoreAsync(fixture, target, archive, "fail");

        Assert.Equal((409, "Conflict"), (status, body["error"]!["code"]!.GetValue<string>()));
        Assert.Contains("secret b (active)", body["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["b"], await SecretNamesAsync(target));
    }

    [Fact]
    public async Task Restore_ConflictPolicySkip_LeavesTakenNamesAndRestoresTheRest()
    {
        var (archive, _) = await SeededArchiveAsync("a", "b", "c");
        var target = await NewVaultAsync(fixture);
        var client = fixture.SecretClient(target);
        await client.SetSecretAsync("a", "mine");
        await client.SetSecretAsync("b", "deleted here");
        await (await client.StartDeleteSecretAsync("b")).WaitForCompletionAsync();

        var (status, report) = await RestoreAsync(fixture, target, archive, "skip");

        Assert.Equal(200, status);
        Assert.Equal(["c"], report["restored"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()));
        Assert.Equal(["a exists", "b deleted"], report["skipped"]!.AsArray().Select(r => $"{r!["name"]} {r["reason"]}"));
        Assert.Equal("mine", (await client.GetSecretAsync("a")).Value.Value);
        Assert.Equal("value of c", (await client.GetSecretAsync("c")).Value.Value);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Restore_ConflictPolicyOverwriteIfPurged_ReplacesOnlySoftDeletedNames(bool purgeProtection)
    {
        var (archive, _) = await SeededArchiveAsync("a", "b", "c");
        var target = await NewVaultAsync(fixture, purgeProtection: purgeProtection);
        var client = fixture.SecretClient(target);
        await client.SetSecretAsync("a", "mine");
        await client.SetSecretAsync("b", "deleted here");
        await (await client.StartDeleteSecretAsync("b")).WaitForCompletionAsync();

        var (status, report) = await RestoreAsync(fixture, target, archive, "overwrite-if-purged");

        Assert.Equal(200, status);
        var failed = report["failed"]!.AsArray().Select(r => $"{r!["name"]} {r["code"]}").ToList();
        Assert.Equal(purgeProtection ? ["a Conflict", "b Forbidden"] : ["a Conflict"], failed);
        Assert.Equal(purgeProtection ? ["c"] : ["b", "c"], report["restored"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()));
        Assert.Equal("mine", (await client.GetSecretAsync("a")).Value.Value);
        if (!purgeProtection)
        {
            Assert.Equal("value of b", (await client.GetSecretAsync("b")).Value.Value);
        }
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("cut")]
    [InlineData("empty")]
    public async Task Restore_DamagedArchive_Returns400WithAClearMessageAndWritesNothing(string damage)
    {
        var (archive, _) = await SeededArchiveAsync("a", "b");
        var target = await NewVaultAsync(fixture);
        byte[] damaged = damage switch
        {
            "flip" => [.. archive[..(archive.Length / 2)], (byte)(archive[archive.Length / 2] ^ 0x20), .. archive[(archive.Length / 2 + 1)..]],
            "cut" => archive[..(archive.Length - 10)],
            _ => [],
        };

        var (status, body) = await RestoreAsync(fixture, target, damaged);

        Assert.Equal((400, "MalformedBackupArchive"), (status, body["error"]!["code"]!.GetValue<string>()));
        var message = body["error"]!["message"]!.GetValue<string>();
        Assert.Contains(damage switch { "flip" => "corrupt", "cut" => "cut short", _ => "no vault archive" }, message, StringComparison.Ordinal);
        Assert.Empty(await DescribeVaultAsync(fixture, target));
    }

    [Fact]
    public async Task Restore_UnknownConflictPolicy_Returns400()
    {
        var (archive, _) = await SeededArchiveAsync("a");

        var (status, body) = await RestoreAsync(fixture, await NewVaultAsync(fixture), archive, "replace");

        Assert.Equal((400, "BadParameter"), (status, body["error"]!["code"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Snapshot_WithoutApiVersionOrToken_IsRefusedAsEveryDataPlaneCall()
    {
        var vault = await NewVaultAsync(fixture);
        using var noVersion = await SendAsync(fixture, vault, "/_coffer/backup", null);
        using var noToken = await fixture.RawClient(vault).PostAsync($"/_coffer/backup?api-version={ApiVersion}", null);

        Assert.Equal(400, (int)noVersion.StatusCode);
        Assert.Equal(401, (int)noToken.StatusCode);
    }

    [Fact]
    public async Task SnapshotAndRestore_AreAudited()
    {
        var (archive, source) = await SeededArchiveAsync("a");
        var target = await NewVaultAsync(fixture);
        await RestoreAsync(fixture, target, archive);
        var store = fixture.Server.App.Services.GetRequiredService<IAuditStore>();

        var deadline = DateTime.UtcNow.AddSeconds(10);
        List<string> audited;
        while (true)
        {
            audited = [.. (await store.TailAsync(1000, default)).Select(r => r.Entry)
                .Where(e => e.Status == 200 && (e.Vault == source || e.Vault == target) && e.Operation is "VaultBackup" or "VaultRestore")
                .Select(e => $"{e.Operation} {(e.Vault == source ? "source" : "target")}")];
            if (audited.Count >= 2 || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(20);
        }

        Assert.Equal(["VaultBackup source", "VaultRestore target"], audited);
    }

    [Fact]
    public void Endpoints_RequireThePermissionOfEveryObjectKind()
    {
        var endpoints = fixture.Server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        string[] Required(string path) => [.. endpoints.Single(e => e.RoutePattern.RawText == path).Metadata
            .GetOrderedMetadata<PermissionRequirement>().Select(p => p.ToString())];

        Assert.Equal(["keys/backup", "secrets/backup", "certificates/backup"], Required("/_coffer/backup"));
        Assert.Equal(["keys/restore", "secrets/restore", "certificates/restore"], Required("/_coffer/restore"));
    }

    private async Task<(byte[] Archive, string Vault)> SeededArchiveAsync(params string[] names)
    {
        var vault = await NewVaultAsync(fixture);
        var client = fixture.SecretClient(vault);
        foreach (var name in names)
        {
            await client.SetSecretAsync(name, "value of " + name);
        }

        return (await SnapshotAsync(fixture, vault), vault);
    }

    private async Task<List<string>> SecretNamesAsync(string vault)
    {
        var names = new List<string>();
        await foreach (var secret in fixture.SecretClient(vault).GetPropertiesOfSecretsAsync())
        {
            names.Add(secret.Name);
        }

        return names;
    }

    private async Task<JsonNode> KeyVersionsAsync(string vault)
    {
        using var response = await fixture.SendAsync("GET", $"/keys/signer/versions?api-version={ApiVersion}", null, vault);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static List<string> KeyVersionsOf(JsonNode list) =>
        [.. list["value"]!.AsArray().Select(k => $"{k!["kid"]!.GetValue<string>().Split('/')[^1]} {k["attributes"]!["created"]}").Order()];

    /// <summary>Every version's properties as listed, and the value of every enabled one (a disabled version cannot be read, in Azure too).</summary>
    private static async Task AssertSameSecretAsync(SecretClient source, SecretClient target, string name)
    {
        var (original, restored) = (await VersionsAsync(source, name), await VersionsAsync(target, name));

        Assert.Equal(original.Select(Describe), restored.Select(Describe));
        foreach (var version in original.Where(v => v.Enabled == true))
        {
            Assert.Equal((await source.GetSecretAsync(name, version.Version)).Value.Value, (await target.GetSecretAsync(name, version.Version)).Value.Value);
        }
    }

    private static string Describe(SecretProperties p) =>
        $"{p.Version} {p.CreatedOn} {p.UpdatedOn} {p.Enabled} {p.ContentType} {p.Managed} {string.Join(',', p.Tags.Select(t => $"{t.Key}={t.Value}"))}";

    private static async Task<List<SecretProperties>> VersionsAsync(SecretClient client, string name)
    {
        var versions = new List<SecretProperties>();
        await foreach (var version in client.GetPropertiesOfSecretVersionsAsync(name))
        {
            versions.Add(version);
        }

        return [.. versions.OrderBy(v => v.Version, StringComparer.Ordinal)];
    }
}
