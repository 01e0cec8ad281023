using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Coffer.Cli.Tests;

/// <summary><c>coffer audit verify|tail</c> on the data directory of a started server whose log a test then tampers with.</summary>
public sealed class AuditCliTests : IAsyncLifetime
{
    private readonly CliServerFixture _cli = new(); // a server of its own for each test: they tamper with its log

    public Task InitializeAsync() => _cli.InitializeAsync();

    public Task DisposeAsync() => _cli.DisposeAsync();

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
    public async Task VerifyAndHosts_ConnectionStringNpgsqlRefuses_ExitBadInputNamingTheOption()
    {
        var verify = await RunAsync("audit", "verify", "--database", "Hots=db;Bogus=1");
        var hosts = await RunAsync("hosts", "--database", "Hots=db");

        Assert.Equal((2, true), (verify.ExitCode, verify.Error.Contains("--database", StringComparison.Ordinal)));
        Assert.Equal((2, true), (hosts.ExitCode, hosts.Error.Contains("--database", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Tail_Text_ShowsOperationStatusAndPrincipal()
    {
        await RunAsync("vault", "list");
        await TailAsync(untilAtLeast: 1);

        var tail = await RunAsync("audit", "tail", "-n", "5");

        Assert.Equal(0, tail.ExitCode);
        Assert.Contains("VaultList", tail.Output, StringComparison.Ordinal);
        Assert.Contains($"app {_cli.Server.Deployment.DefaultClientId}", tail.Output, StringComparison.Ordinal);
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
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_cli.Directory, "coffer.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => RunAsync(args, null);

    /// <summary>Runs coffer.dll against this test's server, within 60 s; vault commands are pointed at it with <c>--server</c>.</summary>
    private Task<(int ExitCode, string Output, string Error)> RunAsync(string[] args, string? secret = null) =>
        _cli.RunAsync(args[0] == "vault" ? [.. args, "--server", _cli.Server.Options.Authority] : args, secret, timeout: TimeSpan.FromSeconds(60));
}
