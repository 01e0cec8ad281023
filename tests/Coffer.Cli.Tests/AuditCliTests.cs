using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Coffer.Server.Hosting;
using Microsoft.Data.Sqlite;

namespace Coffer.Cli.Tests;

/// <summary><c>coffer audit verify|tail</c> on the data directory of a started server whose log a test then tampers with.</summary>
public sealed class AuditCliTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-audit-cli-").FullName;
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
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Verify_EditedThenDeletedEntry_FailsNamingTheEntry()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(0, (await RunAsync("vault", "create", "--name", $"audited-{i}")).ExitCode);
        }

        var tail = await TailAsync(untilAtLeast: 6);
        var intact = await RunAsync("audit", "verify");
        await TamperAsync("DROP TRIGGER audit_log_append_only_update; UPDATE audit_log SET status = 200 WHERE sequence = 4;");
        var edited = await RunAsync("audit", "verify");
        await TamperAsync("DROP TRIGGER audit_log_append_only_delete; DELETE FROM audit_log WHERE sequence = 2;");
        var deleted = await RunAsync("audit", "verify");

        Assert.Contains(tail, e => e.GetProperty("operation").GetString() == "VaultCreate"
            && e.GetProperty("objectName").GetString() == "audited-0" && e.GetProperty("status").ValueKind == JsonValueKind.Number);
        Assert.Equal(0, intact.ExitCode);
        Assert.Contains("intact", intact.Output, StringComparison.Ordinal);
        Assert.Equal((7, true), (edited.ExitCode, edited.Error.Contains("BROKEN at entry 4", StringComparison.Ordinal)));
        Assert.Equal((7, true), (deleted.ExitCode, deleted.Error.Contains("BROKEN at entry 2", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Tail_Text_ShowsOperationStatusAndPrincipal()
    {
        await RunAsync("vault", "list");
        await TailAsync(untilAtLeast: 1);

        var tail = await RunAsync("audit", "tail", "-n", "5");

        Assert.Equal(0, tail.ExitCode);
        Assert.Contains("VaultList", tail.Output, StringComparison.Ordinal);
        Assert.Contains($"app {_server.Deployment.DefaultClientId}", tail.Output, StringComparison.Ordinal);
    }

    /// <summary>Entries of reads are written in the background: poll <c>audit tail</c> with a deadline.</summary>
    private async Task<List<JsonElement>> TailAsync(int untilAtLeast)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var result = await RunAsync("audit", "tail", "-n", "100", "--output", "json");
            var entries = JsonDocument.Parse(result.Output).RootElement.EnumerateArray().ToList();
            if (entries.Count >= untilAtLeast || DateTime.UtcNow > deadline)
            {
                return entries;
            }

            await Task.Delay(50);
        }
    }

    private async Task TamperAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "coffer.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
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
        start.Environment["AZURE_CLIENT_SECRET"] = deployment.DefaultClientSecret;
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
