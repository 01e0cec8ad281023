using System.Globalization;

namespace Coffer.Cli.Tests;

/// <summary><c>coffer serve</c>'s settings from flags, <c>COFFER_…</c> variables and <c>--config</c>: flags win over the environment, which wins over the file, which wins over the defaults.</summary>
public sealed class ServeConfigurationCliTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-config-").FullName;

    [Fact]
    public async Task Serve_FlagEnvironmentAndFile_FlagsWinThenEnvironmentThenFile()
    {
        var config = Path.Combine(_directory, "coffer.json");
        await File.WriteAllTextAsync(config, """
            {
              // comments are allowed
              "default-vault": "fromfile",
              "dns-suffix": "file.localhost",
              "authority-host": "https://file.example:1",
              "location": "westus2",
              "throttle": true,
              "throttle-window": 20
            }
            """);
        var port = ServeProcess.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["COFFER_DEFAULT_VAULT"] = "fromenv",
            ["COFFER_AUTHORITY_HOST"] = "https://env.example:2",
            ["COFFER_THROTTLE_WINDOW"] = "abc-overridden-below", // a flag wins, so this bad value is never read
        };
        using var server = await ServeProcess.StartAsync(Path.Combine(_directory, "data"), port,
            ["--config", config, "--authority-host", "https://flag.example:3", "--throttle-window", "30"], environment);

        Assert.Equal(new Uri($"https://fromenv.file.localhost:{port.ToString(CultureInfo.InvariantCulture)}"), server.DefaultVaultUri); // env > file > default
        Assert.Equal("https://flag.example:3", server.Banner["AZURE_AUTHORITY_HOST"]); // flag > env > file
    }

    [Fact]
    public async Task Serve_SeveralProblems_ListsEveryOneAndExits2()
    {
        var config = Path.Combine(_directory, "coffer.json");
        await File.WriteAllTextAsync(config, """{ "colour": "blue", "port": 70000 }""");
        var start = CofferDll.StartInfo(["serve", "--config", config, "--data-dir", Path.Combine(_directory, "data"), "--log-format", "xml"],
            new Dictionary<string, string> { ["COFFER_THROTTLE_WINDOW"] = "soon", ["COFFER_BIND"] = "not-an-ip" });

        var (exitCode, output, error) = await CofferDll.RunAsync(start, TimeSpan.FromMinutes(1));

        Assert.Equal(2, exitCode);
        Assert.Contains("unknown setting 'colour'", error, StringComparison.Ordinal);
        Assert.Contains("--port 70000 is not a TCP port", error, StringComparison.Ordinal);
        Assert.Contains("log-format 'xml' is not one of text, json", error, StringComparison.Ordinal);
        Assert.Contains("throttle-window 'soon' is not a whole number", error, StringComparison.Ordinal);
        Assert.Contains("--bind 'not-an-ip' is not an IP address", error, StringComparison.Ordinal);
        Assert.DoesNotContain("listening", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_directory, "data", "coffer.db")));
    }

    [Fact]
    public async Task Serve_AuditRetentionAndSinkSettingsAmiss_ListsEachAndExits2()
    {
        var start = CofferDll.StartInfo(["serve", "--data-dir", Path.Combine(_directory, "data"), "--audit-retention-days", "30",
            "--audit-syslog", "ftp://127.0.0.1:514", "--audit-file-mode", "sometimes"],
            new Dictionary<string, string> { ["COFFER_AUDIT_SYSLOG_MODE"] = "best-effort" });

        var (exitCode, _, error) = await CofferDll.RunAsync(start, TimeSpan.FromMinutes(1));

        Assert.Equal(2, exitCode);
        Assert.Contains("--audit-retention-days (1 or more) and --audit-archive-dir go together", error, StringComparison.Ordinal);
        Assert.Contains("--audit-syslog must be udp://host:port or tcp://host:port", error, StringComparison.Ordinal);
        Assert.Contains("audit-file-mode 'sometimes' is not required or best-effort", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_directory, "data", "coffer.db")));
    }

    [Theory]
    [InlineData("--external-issuer-portal-client-id", "coffer-portal", null, "--external-issuer-portal-client-id needs an --external-issuer")]
    [InlineData(null, null, "a secret", "--external-issuer-portal-client-secret needs --external-issuer-portal-client-id")]
    public async Task Serve_PortalClientAtExternalIssuerIncomplete_ListsItAndExits2(string? flag, string? clientId, string? secretVariable, string problem)
    {
        string[] arguments = ["serve", "--data-dir", Path.Combine(_directory, "data"), .. flag is null ? [] : new[] { flag, clientId! }];
        var environment = secretVariable is null ? new Dictionary<string, string>()
            : new Dictionary<string, string> { ["COFFER_EXTERNAL_ISSUER_PORTAL_CLIENT_SECRET"] = secretVariable };
        var start = CofferDll.StartInfo(arguments, environment);

        var (exitCode, _, error) = await CofferDll.RunAsync(start, TimeSpan.FromMinutes(1));

        Assert.Equal(2, exitCode);
        Assert.Contains(problem, error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
