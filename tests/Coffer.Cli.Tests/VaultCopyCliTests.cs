using System.Diagnostics;
using System.Text.Json;
using Azure.Security.KeyVault.Certificates;
using Azure.Security.KeyVault.Secrets;
using Coffer.Client.Management;

namespace Coffer.Cli.Tests;

/// <summary>
/// <c>coffer vault copy</c> between two deployments: a <c>coffer serve --azure-timing</c> process standing in for Azure as the
/// source, and the fixture's server as the target, each side with its own credential and CA.
/// </summary>
public sealed class VaultCopyCliTests(CliServerFixture fixture) : IClassFixture<CliServerFixture>, IAsyncLifetime
{
    private readonly string _sourceDirectory = Directory.CreateTempSubdirectory("coffer-copy-source-").FullName;
    private ServeProcess _source = null!;

    public async Task InitializeAsync() =>
        _source = await ServeProcess.StartAsync(_sourceDirectory, ServeProcess.FreePort(), ["--azure-timing", "--azure-timing-seconds", "1"], null);

    public Task DisposeAsync()
    {
        _source.Dispose();
        Directory.Delete(_sourceDirectory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Copy_EverySecretVersionInOrderAndCertificates_KeysReported_SecondRunCopiesNothing()
    {
        var (from, to) = await VaultsAsync();
        var secrets = _source.SecretClient(from);
        var nbf = DateTimeOffset.UtcNow.AddDays(-1);
        var exp = DateTimeOffset.UtcNow.AddDays(30);
        await secrets.SetSecretAsync(new KeyVaultSecret("history", "first") { Properties = { ContentType = "text/plain", Tags = { ["step"] = "1" } } });
        await secrets.SetSecretAsync(new KeyVaultSecret("history", "second") { Properties = { NotBefore = nbf, ExpiresOn = exp } });
        await secrets.SetSecretAsync(new KeyVaultSecret("history", "third") { Properties = { Tags = { ["step"] = "3", ["env"] = "prod" } } });
        await secrets.SetSecretAsync("partly-disabled", "readable");
        KeyVaultSecret disabled = await secrets.SetSecretAsync("partly-disabled", "hidden");
        await secrets.UpdateSecretPropertiesAsync(new SecretProperties(disabled.Id) { Enabled = false });
        var certificates = _source.CertificateClient(from);
        var policy = new CertificatePolicy("Self", "CN=copied") { Exportable = true, ContentType = CertificateContentType.Pkcs12 };
        var thumbprints = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var operation = await certificates.StartCreateCertificateAsync("tls", policy, true, new Dictionary<string, string> { ["round"] = $"{i}" }, cancellationToken: default);
            thumbprints.Add(Convert.ToHexString((await operation.WaitForCompletionAsync(TimeSpan.FromMilliseconds(200), default)).Value.Properties.X509Thumbprint));
        }

        await _source.KeyVaultClient(from).CreateKeyAsync("signing", "RSA", default);
        var journal = fixture.NewFile(".journal");

        var dryRun = await CopyAsync(from, to, journal, "--dry-run", "-o", "json");
        var targetAfterDryRun = await fixture.VaultContentAsync(to);
        var copy = await CopyAsync(from, to, journal, "-o", "json");
        var again = await CopyAsync(from, to, journal, "-o", "json");

        Assert.Equal((0, ""), (dryRun.ExitCode, dryRun.Error));
        Assert.Equal(6, Json(dryRun.Output).GetProperty("copied").GetArrayLength());
        Assert.Empty(targetAfterDryRun);
        Assert.Equal((0, ""), (copy.ExitCode, copy.Error));
        var report = Json(copy.Output);
        Assert.Equal(6, report.GetProperty("copied").GetArrayLength());
        Assert.All(report.GetProperty("copied").EnumerateArray(), c => Assert.StartsWith(fixture.VaultUri(to).ToString().TrimEnd('/'), c.GetProperty("to").GetString(), StringComparison.Ordinal));
        var notCopyable = report.GetProperty("notCopyable").EnumerateArray().ToDictionary(n => n.GetProperty("name").GetString()!, n => n.GetProperty("reason").GetString()!);
        Assert.StartsWith("not exportable", notCopyable["signing"], StringComparison.Ordinal);
        Assert.StartsWith("disabled", notCopyable["partly-disabled"], StringComparison.Ordinal);
        Assert.False(Directory.Exists(journal));
        Assert.Equal((0, ""), (again.ExitCode, again.Error));
        Assert.Equal(0, Json(again.Output).GetProperty("copied").GetArrayLength());
        Assert.Equal(3, Json(again.Output).GetProperty("present").GetArrayLength());

        var copied = fixture.SecretClient(to);
        var history = new List<KeyVaultSecret>();
        await foreach (var version in copied.GetPropertiesOfSecretVersionsAsync("history"))
        {
            history.Add(await copied.GetSecretAsync("history", version.Version));
        }

        Assert.Equal(["first", "second", "third"], history.Select(s => s.Value));
        Assert.Equal(("text/plain", "1"), (history[0].Properties.ContentType, history[0].Properties.Tags["step"]));
        Assert.Equal((nbf.ToUnixTimeSeconds(), exp.ToUnixTimeSeconds()),
            (history[1].Properties.NotBefore!.Value.ToUnixTimeSeconds(), history[1].Properties.ExpiresOn!.Value.ToUnixTimeSeconds()));
        Assert.Equal("prod", history[2].Properties.Tags["env"]);
        Assert.Equal("readable", (await copied.GetSecretAsync("partly-disabled")).Value.Value);

        var targetCertificates = fixture.CertificateClient(to);
        var versions = new List<string>();
        await foreach (var version in targetCertificates.GetPropertiesOfCertificateVersionsAsync("tls"))
        {
            versions.Add(Convert.ToHexString(version.X509Thumbprint));
        }

        Assert.Equal(thumbprints, versions);
        using var downloaded = (await targetCertificates.DownloadCertificateAsync("tls")).Value;
        Assert.True(downloaded.HasPrivateKey);
        Assert.Equal(thumbprints[^1], downloaded.Thumbprint);
        using var rsa = System.Security.Cryptography.X509Certificates.RSACertificateExtensions.GetRSAPrivateKey(downloaded)!;
        Assert.True(rsa.KeySize >= 2048);
        Assert.Equal("1", (await targetCertificates.GetCertificateAsync("tls")).Value.Properties.Tags["round"]);
    }

    [Fact]
    public async Task CopyResume_AfterTheCliWasKilled_SameEndStateAsOneRun()
    {
        var (from, to) = await VaultsAsync();
        var secrets = _source.SecretClient(from);
        var names = Enumerable.Range(0, 60).Select(i => $"s{i:D3}").ToList();
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (name, token) =>
        {
            await secrets.SetSecretAsync(name, name + "-one", token);
            await secrets.SetSecretAsync(name, name + "-two", token);
        });
        var journal = fixture.NewFile(".journal");

        using (var run = Process.Start(CopyStart(from, to, journal, "--parallel", "1"))!)
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (DateTime.UtcNow < deadline && !run.HasExited && (!Directory.Exists(journal) || Directory.GetFiles(journal, "0*.json").Length < 5))
            {
                await Task.Delay(20);
            }

            Assert.False(run.HasExited, "the copy finished before it could be killed; make the vault larger");
            run.Kill(entireProcessTree: true);
            await run.WaitForExitAsync();
        }

        var copiedBefore = Directory.GetFiles(journal, "0*.json").Length;
        var fresh = await CopyAsync(from, to, journal);
        var resumed = await CopyAsync(from, to, journal, "--resume", "-o", "json");

        Assert.Equal(2, fresh.ExitCode);
        Assert.Contains("--resume", fresh.Error, StringComparison.Ordinal);
        Assert.Equal((0, ""), (resumed.ExitCode, resumed.Error));
        Assert.True(copiedBefore is >= 5 and < 60, $"{copiedBefore} objects were done before the kill");
        var target = fixture.SecretClient(to);
        foreach (var name in names)
        {
            var values = new List<string>();
            await foreach (var version in target.GetPropertiesOfSecretVersionsAsync(name))
            {
                values.Add((await target.GetSecretAsync(name, version.Version)).Value.Value);
            }

            Assert.Equal([name + "-one", name + "-two"], values);
        }
    }

    private async Task<(string From, string To)> VaultsAsync()
    {
        var from = "src" + Guid.NewGuid().ToString("N")[..10];
        await _source.Management().CreateVaultAsync(new VaultCreateRequest(from, "eastus"), default);
        return (from, await fixture.CreateVaultAsync("westeurope"));
    }

    private Task<(int ExitCode, string Output, string Error)> CopyAsync(string from, string to, string journal, params string[] extra) =>
        CofferDll.RunAsync(CopyStart(from, to, journal, extra), TimeSpan.FromSeconds(180));

    /// <summary>Each side named by URL, with its own client, authority and CA (its data directory); secrets in the environment only.</summary>
    private ProcessStartInfo CopyStart(string from, string to, string journal, params string[] extra) => CofferDll.StartInfo(
        [
            "vault", "copy", "--journal", journal,
            "--from-vault-url", _source.VaultUri(from).ToString(), "--from-tenant-id", _source.Banner["AZURE_TENANT_ID"],
            "--from-client-id", _source.Banner["AZURE_CLIENT_ID"], "--from-authority-host", _source.Address.ToString(), "--from-data-dir", _source.DataDirectory,
            .. fixture.SideArguments("to", to),
            .. extra,
        ],
        new Dictionary<string, string>
        {
            ["COFFER_FROM_CLIENT_SECRET"] = _source.Banner["AZURE_CLIENT_SECRET"],
            [fixture.SideSecret("to").Key] = fixture.SideSecret("to").Value,
        });

    private static JsonElement Json(string output) => JsonDocument.Parse(output).RootElement.Clone();
}
