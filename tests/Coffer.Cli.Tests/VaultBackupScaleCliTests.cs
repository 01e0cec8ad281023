using System.Text.Json;
using Coffer.Core;
using Coffer.Core.Certificates;
using Coffer.Core.Keys;
using Coffer.Core.Secrets;
using Coffer.Core.Storage;
using Coffer.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace Coffer.Cli.Tests;

/// <summary><c>coffer backup vault</c> and <c>coffer restore vault</c> through Coffer's snapshot, at the scale issue 8 asks for: a thousand objects.</summary>
public sealed class VaultBackupScaleCliTests(CliServerFixture fixture) : IClassFixture<CliServerFixture>
{
    private const int Secrets = 950;
    private const int Keys = 40;
    private const int Certificates = 10;

    [Fact]
    public async Task BackupVaultRestoreVault_ThousandObjectsSeveralVersionsEach_EveryObjectAndVersionIdentical()
    {
        var source = await fixture.CreateVaultAsync("eastus");
        var target = await fixture.CreateVaultAsync("centralus"); // another region of the same geography (US), as a backup requires
        await SeedAsync(source);
        var file = fixture.NewFile(".archive");

        var backup = await fixture.RunAsync("backup", "vault", "--vault-name", source, "--out", file, "-o", "json");
        var restore = await fixture.RunAsync("restore", "vault", "--from", file, "--vault-name", target, "-o", "json");

        Assert.Equal((0, ""), (backup.ExitCode, backup.Error));
        using var summary = JsonDocument.Parse(backup.Output);
        Assert.Equal(("coffer", true, Secrets + Keys + Certificates), (summary.RootElement.GetProperty("source").GetString(),
            summary.RootElement.GetProperty("signed").GetBoolean(), summary.RootElement.GetProperty("objects").GetInt32()));
        Assert.Equal((0, ""), (restore.ExitCode, restore.Error));
        using var report = JsonDocument.Parse(restore.Output);
        Assert.Equal((Secrets + Keys + Certificates, 0, 0), (report.RootElement.GetProperty("restored").GetArrayLength(),
            report.RootElement.GetProperty("skipped").GetArrayLength(), report.RootElement.GetProperty("failed").GetArrayLength()));
        var (before, after) = (await DescribeAsync(source), await DescribeAsync(target));
        // One line an object and one a version; a certificate brings its key and secret of each version.
        Assert.Equal(Secrets + Keys + Certificates + (Secrets * 3) + (Keys * 2) + (Certificates * 2) + (Certificates * 2 * 3), after.Count);
        Assert.Equal(before, after);
        Assert.Equal("value 17.2", (await fixture.SecretClient(target).GetSecretAsync("s0017")).Value.Value);
        Assert.Equal((await fixture.CertificateClient(source).GetCertificateAsync("c3")).Value.Cer,
            (await fixture.CertificateClient(target).GetCertificateAsync("c3")).Value.Cer);
    }

    private Task<List<string>> DescribeAsync(string vault) => VaultDescription.DescribeAsync(fixture.Server.App.Services, vault);

    /// <summary>
    /// Through the services of the in-process server (the SDK would take most of the test's time): secrets of
    /// three versions (tags, a content type, a disabled one, an expiry), EC keys and self-signed certificates of two.
    /// </summary>
    private async Task SeedAsync(string name)
    {
        var services = fixture.Server.App.Services;
        var vault = (await services.GetRequiredService<IVaultStore>().GetAsync(name, default))!;
        var secrets = services.GetRequiredService<SecretService>();
        var keys = services.GetRequiredService<KeyService>();
        var certificates = services.GetRequiredService<CertificateService>();
        var expires = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddYears(1).ToUnixTimeSeconds());
        var policy = new CertificatePolicy(null, new CertificateKeyProperties(true, "EC", null, false, "P-256"), null,
            new X509Properties("CN=scale", null, null, null, 12), null, new IssuerParameters("Self", null, null), null);
        for (var version = 0; version < 3; version++)
        {
            for (var i = 0; i < Secrets; i++)
            {
                await secrets.SetAsync(vault, $"s{i:D4}", new SecretSetRequest($"value {i}.{version}", version == 1 ? "text/plain" : null,
                    new ObjectAttributes(version != 1, null, version == 2 && i % 10 == 0 ? expires : null),
                    version == 0 ? new Dictionary<string, string> { ["n"] = $"{i}" } : null), default);
            }
        }

        for (var version = 0; version < 2; version++)
        {
            for (var i = 0; i < Keys; i++)
            {
                await keys.CreateAsync(vault, $"k{i:D2}", new KeyCreateRequest("EC", null, null, "P-256", null, new ObjectAttributes(true, null, null), null,
                    new Dictionary<string, string> { ["v"] = $"{version}" }, null), default);
            }

            for (var i = 0; i < Certificates; i++)
            {
                await certificates.CreateAsync(vault, $"c{i}", policy, version == 0, null, null, default);
            }
        }
    }
}
