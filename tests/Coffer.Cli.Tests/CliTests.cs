namespace Coffer.Cli.Tests;

/// <summary>The <c>coffer</c> executable, run as a user runs it, against a started server over real TLS.</summary>
public sealed class CliTests : IAsyncLifetime
{
    private readonly CliServerFixture _cli = new(); // a server of its own for each test

    public Task InitializeAsync() => _cli.InitializeAsync();

    public Task DisposeAsync() => _cli.DisposeAsync();

    [Fact]
    public async Task VaultCreateListDelete_WithTheServersCredentials_WorkAndExitZero()
    {
        var created = await RunAsync("vault", "create", "--name", "cli-vault", "--location", "westeurope");
        var listed = await RunAsync("vault", "list");
        var hosts = await RunAsync("hosts");
        var deleted = await RunAsync("vault", "delete", "--name", "cli-vault");
        var after = await RunAsync("vault", "list");

        Assert.Equal(0, created.ExitCode);
        Assert.Contains("Europe", created.Output, StringComparison.Ordinal);
        Assert.Contains("cli-vault", listed.Output, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1 cli-vault.vault.localhost", hosts.Output, StringComparison.Ordinal);
        Assert.Equal(0, deleted.ExitCode);
        Assert.DoesNotContain("cli-vault", after.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VaultCommands_Failures_HaveDistinctExitCodesAndPrintTheServiceError()
    {
        await RunAsync("vault", "create", "--name", "twice");

        var conflict = await RunAsync("vault", "create", "--name", "twice");
        var missing = await RunAsync("vault", "delete", "--name", "nowhere");
        var badAuth = await RunAsync(["vault", "list"], secret: "wrong");

        Assert.Equal((4, true), (conflict.ExitCode, conflict.Error.Contains("409 VaultAlreadyExists", StringComparison.Ordinal)));
        Assert.Equal((3, true), (missing.ExitCode, missing.Error.Contains("404 VaultNotFound", StringComparison.Ordinal)));
        Assert.Equal(5, badAuth.ExitCode);
    }

    [Fact]
    public async Task CertExport_WritesTheCaTheServerChainsTo()
    {
        var file = Path.Combine(_cli.Directory, "exported-ca.pem");

        var result = await RunAsync("cert", "export", "--out", file);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(_cli.Server.Authority.CertificatePem.Trim(), (await File.ReadAllTextAsync(file)).Trim());
    }

    private Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => RunAsync(args, null);

    /// <summary>Runs coffer.dll against this test's server, within 60 s; vault commands are pointed at it with <c>--server</c>.</summary>
    private Task<(int ExitCode, string Output, string Error)> RunAsync(string[] args, string? secret = null) =>
        _cli.RunAsync(args[0] == "vault" ? [.. args, "--server", _cli.Server.Options.Authority] : args, secret, timeout: TimeSpan.FromSeconds(60));
}
