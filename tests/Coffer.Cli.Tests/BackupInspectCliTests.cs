using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Azure.Security.KeyVault.Certificates;
using Azure.Security.KeyVault.Secrets;

namespace Coffer.Cli.Tests;

/// <summary><c>coffer backup inspect</c>: the readable header offline; integrity, versions and restorability with <c>--verify</c>; never a value.</summary>
public sealed class BackupInspectCliTests(CliServerFixture fixture) : IClassFixture<CliServerFixture>
{
    private static string NewName() => $"ins-{Guid.NewGuid():N}"[..22];

    [Fact]
    public async Task Inspect_RawBlob_PrintsKindFormatSubscriptionGeographyKeyAndTime()
    {
        var (file, _, _) = await SecretBlobAsync();

        var result = await fixture.RunAsync("backup", "inspect", file);

        Assert.Equal((0, ""), (result.ExitCode, result.Error));
        Assert.Contains("kind:            secret", result.Output, StringComparison.Ordinal);
        Assert.Contains("format:          1", result.Output, StringComparison.Ordinal);
        Assert.Contains($"subscription:    {fixture.Server.Deployment.SubscriptionId}", result.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("geography:       US", result.Output, StringComparison.Ordinal);
        Assert.Matches("protection key:  [0-9a-f]{32}", result.Output);
        Assert.Contains($"created:         {DateTimeOffset.UtcNow:yyyy-MM-dd}", result.Output, StringComparison.Ordinal);
        Assert.Contains("not checked", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_ValueJsonAsJson_ReadsTheSameHeader()
    {
        var (file, _, _) = await SecretBlobAsync();
        var json = fixture.NewFile(".json");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(new Dictionary<string, string> { ["value"] = Base64Url.EncodeToString(await File.ReadAllBytesAsync(file)) }));

        var result = await fixture.RunAsync("backup", "inspect", json, "--output", "json");

        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(result.Output);
        Assert.Equal("secret", document.RootElement.GetProperty("kind").GetString());
        Assert.Equal("US", document.RootElement.GetProperty("geography").GetString());
        Assert.False(document.RootElement.GetProperty("verified").GetBoolean());
    }

    [Fact]
    public async Task InspectVerify_SecretBlob_ListsEveryVersionAndNoValue()
    {
        var (file, versions, value) = await SecretBlobAsync();

        var result = await fixture.RunAsync("backup", "inspect", file, "--verify", "--vault-name", fixture.VaultName);

        Assert.Equal((0, ""), (result.ExitCode, result.Error));
        Assert.Contains("integrity:       verified", result.Output, StringComparison.Ordinal);
        Assert.Contains("restorable here: yes", result.Output, StringComparison.Ordinal);
        Assert.All(versions, version => Assert.Contains(version, result.Output, StringComparison.Ordinal));
        Assert.DoesNotContain(value, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InspectVerify_CertificateBlob_ShowsItsKeyAndSecret()
    {
        var name = NewName();
        var certificates = fixture.CertificateClient();
        await (await certificates.StartCreateCertificateAsync(name, CertificatePolicy.Default)).WaitForCompletionAsync(TimeSpan.FromMilliseconds(50), default);
        var file = fixture.NewFile();
        await fixture.RunAsync("certificate", "backup", "--name", name, "--vault-name", fixture.VaultName, "--file", file);

        var result = await fixture.RunAsync("backup", "inspect", file, "--verify", "--vault-name", fixture.VaultName, "-o", "json");

        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(result.Output);
        Assert.Equal(name, document.RootElement.GetProperty("name").GetString());
        Assert.Equal(["key", "secret"], document.RootElement.GetProperty("linked").EnumerateArray().Select(l => l.GetProperty("kind").GetString()).Order());
        Assert.DoesNotContain("BEGIN", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InspectVerify_OneCiphertextCharacterChanged_Exits2WithTheFormatError()
    {
        var (file, _, _) = await SecretBlobAsync();
        var blob = await File.ReadAllBytesAsync(file);
        var ciphertext = Encoding.ASCII.GetString(blob).Split('.')[..3].Sum(s => s.Length + 1) + 10;
        blob[ciphertext] = (byte)(blob[ciphertext] == 'A' ? 'B' : 'A');
        await File.WriteAllBytesAsync(file, blob);

        var offline = await fixture.RunAsync("backup", "inspect", file);
        var verified = await fixture.RunAsync("backup", "inspect", file, "--verify", "--vault-name", fixture.VaultName);

        Assert.Equal(0, offline.ExitCode);
        Assert.Equal(2, verified.ExitCode);
        Assert.Contains("400 BadParameter: Backup blob contains invalid or corrupt version. (Backup blob is corrupt", verified.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_TruncatedBlob_Exits2WithoutAServer()
    {
        var (file, _, _) = await SecretBlobAsync();
        var blob = await File.ReadAllBytesAsync(file);
        await File.WriteAllBytesAsync(file, blob[..^5]);

        var result = await fixture.RunAsync("backup", "inspect", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("BadParameter: Backup blob contains invalid or corrupt version. (Backup blob is corrupt", result.Error, StringComparison.Ordinal);
    }

    private async Task<(string File, IReadOnlyList<string> Versions, string Value)> SecretBlobAsync()
    {
        var secrets = fixture.SecretClient();
        var name = NewName();
        var value = "value-" + Guid.NewGuid().ToString("N");
        KeyVaultSecret first = await secrets.SetSecretAsync(name, value);
        KeyVaultSecret second = await secrets.SetSecretAsync(name, value);
        var file = fixture.NewFile();
        var backup = await fixture.RunAsync("secret", "backup", "--name", name, "--vault-name", fixture.VaultName, "--file", file);
        Assert.Equal(0, backup.ExitCode);
        return (file, [first.Properties.Version, second.Properties.Version], value);
    }
}
