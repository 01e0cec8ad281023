using System.Text.Json;

namespace Coffer.Cli.Tests;

/// <summary>429 with Retry-After from a throttling server: waited out and counted, or — retries spent — exit code 6.</summary>
public sealed class ThrottlingCliTests(ThrottledServerFixture throttled) : IClassFixture<ThrottledServerFixture>
{
    private readonly CliServerFixture _fixture = throttled.Server;

    [Fact]
    public async Task BackupVault_OverTheVaultsLimit_WaitsOutEvery429AndCountsThem()
    {
        var vault = await _fixture.CreateVaultAsync();
        var secrets = _fixture.SecretClient(vault);
        foreach (var name in new[] { "a", "b", "c" })
        {
            await secrets.SetSecretAsync(name, name);
        }

        var file = _fixture.NewFile(".archive");

        var result = await _fixture.RunAsync("backup", "vault", "--vault-name", vault, "--out", file, "--per-object", "--parallel", "1", "-o", "json");

        Assert.Equal(0, result.ExitCode);
        using var summary = JsonDocument.Parse(result.Output);
        Assert.Equal(3, summary.RootElement.GetProperty("objects").GetInt32());
        Assert.True(summary.RootElement.GetProperty("throttled").GetInt32() > 0);
        Assert.True(summary.RootElement.GetProperty("retryAfterSeconds").GetDouble() >= 1);
    }

    [Fact]
    public async Task BackupVault_ThrottledWithNoRetriesLeft_Exits6WithTheServiceCode()
    {
        var vault = await _fixture.CreateVaultAsync();

        var result = await _fixture.RunAsync("backup", "vault", "--vault-name", vault, "--out", _fixture.NewFile(".archive"), "--per-object",
            "--parallel", "1", "--max-retries", "0");

        Assert.Equal(6, result.ExitCode);
        Assert.Contains("429 Throttled: ", result.Error, StringComparison.Ordinal);
    }
}
