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
    public async Task VaultCopy_EitherSideOverItsLimits_WaitsOutEvery429OfThatSideAndCopiesEverything()
    {
        var unthrottled = new CliServerFixture();
        await unthrottled.InitializeAsync();
        try
        {
            var fast = await unthrottled.CreateVaultAsync();
            var slow = await _fixture.CreateVaultAsync();
            var secrets = unthrottled.SecretClient(fast);
            foreach (var name in new[] { "a", "b", "c", "d", "e", "f" })
            {
                await secrets.SetSecretAsync(name, name);
            }

            // Objects side by side, so the throttled side gets bursts past its 2 transactions per window.
            var into = await CopyAsync(unthrottled.SideArguments("from", fast), unthrottled.SideSecret("from"), _fixture.SideArguments("to", slow), _fixture.SideSecret("to"));
            var back = await CopyAsync(_fixture.SideArguments("from", slow), _fixture.SideSecret("from"), unthrottled.SideArguments("to", await unthrottled.CreateVaultAsync()),
                unthrottled.SideSecret("to"));

            Assert.Equal(((0, ""), (0, "")), ((into.ExitCode, into.Error), (back.ExitCode, back.Error)));
            using var intoReport = JsonDocument.Parse(into.Output);
            using var backReport = JsonDocument.Parse(back.Output);
            Assert.Equal((6, 6), (intoReport.RootElement.GetProperty("copied").GetArrayLength(), backReport.RootElement.GetProperty("copied").GetArrayLength()));
            Assert.True(intoReport.RootElement.GetProperty("throttled").GetProperty("to").GetInt32() > 0, intoReport.RootElement.GetProperty("throttled").GetRawText());
            Assert.True(backReport.RootElement.GetProperty("throttled").GetProperty("from").GetInt32() > 0, backReport.RootElement.GetProperty("throttled").GetRawText());
            Assert.Equal("e", (await _fixture.SecretClient(slow).GetSecretAsync("e")).Value.Value);
        }
        finally
        {
            await unthrottled.DisposeAsync();
        }
    }

    private Task<(int ExitCode, string Output, string Error)> CopyAsync(string[] from, KeyValuePair<string, string> fromSecret, string[] to,
        KeyValuePair<string, string> toSecret) =>
        CofferDll.RunAsync(CofferDll.StartInfo(
            ["vault", "copy", .. from, .. to, "--journal", _fixture.NewFile(".journal"), "--parallel", "6", "--from-max-retries", "10", "--to-max-retries", "10", "-o", "json"],
            new Dictionary<string, string>([fromSecret, toSecret])), TimeSpan.FromSeconds(240));

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
