using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Coffer.Server.Hosting;

namespace Coffer.Cli.Tests;

/// <summary>The <c>coffer</c> executable, run as a user runs it, against a started server over real TLS.</summary>
public sealed class CliTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-cli-").FullName;
    private readonly int _port = FreePort();
    private CofferApplication _server = null!;

    public async Task InitializeAsync()
    {
        _server = await CofferServer.CreateAsync(new CofferOptions { DataDirectory = _directory, Port = _port, RsaKeyPoolSize = 0 });
        await _server.App.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

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
        var file = Path.Combine(_directory, "exported-ca.pem");

        var result = await RunAsync("cert", "export", "--out", file);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(_server.Authority.CertificatePem.Trim(), (await File.ReadAllTextAsync(file)).Trim());
    }

    private Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => RunAsync(args, null);

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(string[] args, string? secret)
    {
        var deployment = _server.Deployment;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "coffer.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        if (args[0] == "vault")
        {
            start.ArgumentList.Add("--server");
            start.ArgumentList.Add($"https://localhost:{_port}");
        }

        start.ArgumentList.Add("--data-dir");
        start.ArgumentList.Add(_directory);
        start.Environment["AZURE_TENANT_ID"] = deployment.TenantId;
        start.Environment["AZURE_CLIENT_ID"] = deployment.DefaultClientId;
        start.Environment["AZURE_CLIENT_SECRET"] = secret ?? deployment.DefaultClientSecret;
        start.Environment["AZURE_AUTHORITY_HOST"] = _server.Options.Authority;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
