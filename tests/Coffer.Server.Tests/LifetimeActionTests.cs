using System.Text.Json.Nodes;
using Azure;
using Azure.Security.KeyVault.Certificates;
using Coffer.Server.Hosting;
using Coffer.Server.Lifetime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Coffer.Server.Tests;

/// <summary>
/// Key rotation policies and certificate lifetime actions acted on, on a server whose one clock is a fake. Passes are run
/// directly so a test knows when one has finished (the job's own timer is set as far out as it goes; when time passes it,
/// its pass and the test's may overlap, which is the case the derived version ids are for). One test lets the timer do it.
/// </summary>
public sealed class LifetimeActionTests : IAsyncLifetime
{
    private const string RotateAfter7Days =
        """{"lifetimeActions":[{"trigger":{"timeAfterCreate":"P7D"},"action":{"type":"Rotate"}}],"attributes":{"expiryTime":"P90D"}}""";

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly CofferFixture _fixture;

    public LifetimeActionTests() =>
        _fixture = new CofferFixture(Directory.CreateTempSubdirectory("coffer-test-").FullName,
            configureOptions: o => o.LifetimeActionsInterval = CofferOptions.MaxLifetimeActionsInterval, time: _time);

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    private LifetimeActionRunner Runner => _fixture.Server.App.Services.GetRequiredService<LifetimeActionRunner>();

    [Fact]
    public async Task KeyRotation_7DaysAfterCreate_MakesOneNewVersionAt7Days_NotBefore_AuditedAsKeyRotate()
    {
        var name = await NewKeyAsync(RotateAfter7Days);

        _time.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        await Runner.RunDueAsync(default);
        var before = await VersionsAsync(name);
        _time.Advance(TimeSpan.FromMinutes(1));
        var rotatedAt = _time.GetUtcNow();
        await Runner.RunDueAsync(default);
        await Runner.RunDueAsync(default);
        var after = await VersionsAsync(name);

        Assert.Single(before);
        Assert.Equal(2, after.Count);
        var latest = await JsonAsync("GET", $"/keys/{name}?api-version=7.4", null);
        var newVersion = latest["key"]!["kid"]!.GetValue<string>().Split('/')[^1];
        Assert.NotEqual(before[0], newVersion);
        Assert.Equal("EC", latest["key"]!["kty"]!.GetValue<string>());
        Assert.Equal(rotatedAt.AddDays(90).ToUnixTimeSeconds(), latest["attributes"]!["exp"]!.GetValue<long>());
        var entries = await _fixture.AuditEntriesAsync(e => e.Operation == "KeyRotate" && e.Status == 200);
        var rotations = entries.Where(e => e.Operation == "KeyRotate" && e.ObjectName == name).ToList();
        Assert.Equal(new (int?, string?)[] { (null, newVersion), (200, newVersion) }, rotations.Select(e => (e.Status, e.ObjectVersion)));
        Assert.All(rotations, e => Assert.Equal((LifetimeActionRunner.Identity, _fixture.Deployment.DefaultVaultName), (e.ApplicationId, e.Vault)));
    }

    [Fact]
    public async Task KeyRotation_SecondPeriod_RotatesTheNewVersionAgain()
    {
        var name = await NewKeyAsync(RotateAfter7Days);

        _time.Advance(TimeSpan.FromDays(7));
        await Runner.RunDueAsync(default);
        _time.Advance(TimeSpan.FromDays(6));
        await Runner.RunDueAsync(default);
        var twoVersions = await VersionsAsync(name);
        _time.Advance(TimeSpan.FromDays(1));
        await Runner.RunDueAsync(default);

        Assert.Equal(2, twoVersions.Count);
        Assert.Equal(3, (await VersionsAsync(name)).Count);
    }

    [Fact]
    public async Task KeyRotation_DisabledCurrentVersion_IsNotRotated()
    {
        var name = await NewKeyAsync(RotateAfter7Days);
        await JsonAsync("PATCH", $"/keys/{name}?api-version=7.4", """{"attributes":{"enabled":false}}""");

        _time.Advance(TimeSpan.FromDays(30));
        await Runner.RunDueAsync(default);

        Assert.Single(await VersionsAsync(name));
    }

    [Fact]
    public async Task KeyRotation_TwoPassesAtOnce_MakeOneVersion()
    {
        var names = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            names.Add(await NewKeyAsync(RotateAfter7Days));
        }

        _time.Advance(TimeSpan.FromDays(7));
        var made = await Task.WhenAll(Runner.RunDueAsync(default), Runner.RunDueAsync(default));

        Assert.Equal(names.Count, made.Sum());
        foreach (var name in names)
        {
            Assert.Equal(2, (await VersionsAsync(name)).Count);
        }
    }

    [Fact]
    public async Task KeyRotation_ByTheJobsOwnTimer_HappensOnceTimePasses()
    {
        var fixture = new CofferFixture(Directory.CreateTempSubdirectory("coffer-test-").FullName,
            configureOptions: o => o.LifetimeActionsInterval = TimeSpan.FromMinutes(1), time: _time);
        await fixture.InitializeAsync();
        try
        {
            var name = await NewKeyAsync(RotateAfter7Days, fixture);

            _time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
            var deadline = DateTime.UtcNow.AddSeconds(20);
            var versions = 1;
            while (versions < 2 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
                versions = (await VersionsAsync(name, fixture)).Count;
            }

            Assert.Equal(2, versions);
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }

    [Fact]
    public async Task CertificateRenewal_30DaysBeforeExpiry_RenewsOnce_WithANewKey_AuditedAsCertificateCreate()
    {
        var client = _fixture.CertificateClient();
        var name = $"c-{Guid.NewGuid():N}"[..20];
        var policy = new CertificatePolicy("Self", "CN=renewed.example") { ValidityInMonths = 2 };
        policy.LifetimeActions.Add(new LifetimeAction(CertificatePolicyAction.AutoRenew) { DaysBeforeExpiry = 30 });
        var first = (await (await client.StartCreateCertificateAsync(name, policy)).WaitForCompletionAsync()).Value;
        var renewsOn = first.Properties.ExpiresOn!.Value.AddDays(-30);

        _time.Advance(renewsOn - _time.GetUtcNow() - TimeSpan.FromMinutes(1));
        await Runner.RunDueAsync(default);
        var before = await CertificateVersionsAsync(name);
        _time.Advance(TimeSpan.FromMinutes(1));
        await Runner.RunDueAsync(default);
        await Runner.RunDueAsync(default);
        var renewed = (await _fixture.CertificateClient().GetCertificateAsync(name)).Value;

        Assert.Single(before);
        Assert.Equal(2, (await CertificateVersionsAsync(name)).Count);
        Assert.NotEqual(first.Properties.Version, renewed.Properties.Version);
        Assert.Equal("CN=renewed.example", renewed.Policy.Subject);
        Assert.True(renewed.Properties.ExpiresOn > first.Properties.ExpiresOn);
        Assert.NotEqual(first.Cer, renewed.Cer);
        Assert.NotEqual(PublicKeyOf(first), PublicKeyOf(renewed));
        var secret = await _fixture.SecretClient().GetSecretAsync(name);
        Assert.Equal(renewed.Properties.Version, secret.Value.Properties.Version);
        var entries = await _fixture.AuditEntriesAsync(e => e.Operation == "CertificateCreate" && e.Status == 200 && e.ApplicationId == LifetimeActionRunner.Identity);
        Assert.Equal(new (int?, string?)[] { (null, renewed.Properties.Version), (200, renewed.Properties.Version) },
            entries.Where(e => e.ApplicationId == LifetimeActionRunner.Identity && e.ObjectName == name).Select(e => (e.Status, e.ObjectVersion)));
    }

    [Fact]
    public async Task CertificateRenewal_ReuseKey_KeepsTheKey()
    {
        var client = _fixture.CertificateClient();
        var name = $"c-{Guid.NewGuid():N}"[..20];
        var policy = new CertificatePolicy("Self", "CN=reused.example") { ValidityInMonths = 1, ReuseKey = true };
        policy.LifetimeActions.Add(new LifetimeAction(CertificatePolicyAction.AutoRenew) { LifetimePercentage = 50 });
        var first = (await (await client.StartCreateCertificateAsync(name, policy)).WaitForCompletionAsync()).Value;

        _time.Advance(TimeSpan.FromDays(16));
        await Runner.RunDueAsync(default);
        var renewed = (await _fixture.CertificateClient().GetCertificateAsync(name)).Value; // a new client: the first one's token expired as time passed

        Assert.NotEqual(first.Properties.Version, renewed.Properties.Version);
        Assert.Equal(PublicKeyOf(first), PublicKeyOf(renewed));
    }

    [Fact]
    public async Task CertificateCreate_LifetimeActionOutsideTheValidity_Returns400()
    {
        var client = _fixture.CertificateClient();
        var policy = new CertificatePolicy("Self", "CN=bad.example") { ValidityInMonths = 1 };
        policy.LifetimeActions.Add(new LifetimeAction(CertificatePolicyAction.AutoRenew) { DaysBeforeExpiry = 40 });

        var e = await Assert.ThrowsAsync<RequestFailedException>(() => client.StartCreateCertificateAsync($"c-{Guid.NewGuid():N}"[..20], policy));

        Assert.Equal((400, "BadParameter"), (e.Status, e.ErrorCode));
    }

    private static string PublicKeyOf(KeyVaultCertificate certificate)
    {
        using var x509 = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(certificate.Cer);
        return Convert.ToHexString(x509.PublicKey.EncodedKeyValue.RawData);
    }

    private async Task<List<string>> CertificateVersionsAsync(string name)
    {
        var versions = new List<string>();
        await foreach (var version in _fixture.CertificateClient().GetPropertiesOfCertificateVersionsAsync(name))
        {
            versions.Add(version.Version);
        }

        return versions;
    }

    private async Task<string> NewKeyAsync(string rotationPolicy, CofferFixture? fixture = null)
    {
        var name = $"k-{Guid.NewGuid():N}"[..20];
        await JsonAsync("POST", $"/keys/{name}/create?api-version=7.4", """{"kty":"EC","crv":"P-256"}""", fixture);
        await JsonAsync("PUT", $"/keys/{name}/rotationpolicy?api-version=7.4", rotationPolicy, fixture);
        return name;
    }

    private async Task<List<string>> VersionsAsync(string name, CofferFixture? fixture = null)
    {
        var listed = await JsonAsync("GET", $"/keys/{name}/versions?api-version=7.4", null, fixture);
        return listed["value"]!.AsArray().Select(v => v!["kid"]!.GetValue<string>().Split('/')[^1]).ToList();
    }

    private async Task<JsonNode> JsonAsync(string method, string path, string? body, CofferFixture? fixture = null)
    {
        using var response = await (fixture ?? _fixture).SendAsync(method, path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }
}
