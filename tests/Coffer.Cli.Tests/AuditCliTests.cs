using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Coffer.Cli.Tests;

/// <summary><c>coffer audit verify|tail|export|prune</c> on the data directory of a started server whose log a test then tampers with.</summary>
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
        await TamperAsync("DROP TRIGGER audit_log_prune_only; DELETE FROM audit_log WHERE sequence = 2;");
        var deleted = await RunAsync("audit", "verify");

        Assert.Contains(tail, e => e.GetProperty("operation").GetString() == "VaultCreate"
            && e.GetProperty("objectName").GetString() == "audited-0" && e.GetProperty("status").ValueKind == JsonValueKind.Number);
        Assert.Equal(0, intact.ExitCode);
        Assert.Contains("intact", intact.Output, StringComparison.Ordinal);
        Assert.Equal((7, true), (edited.ExitCode, edited.Error.Contains("BROKEN at entry 4", StringComparison.Ordinal)));
        Assert.Equal((7, true), (deleted.ExitCode, deleted.Error.Contains("BROKEN at entry 2", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ExportPruneVerify_Range_VerifiesFromAnchorAndTheFileOffline()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(0, (await RunAsync("vault", "create", "--name", $"retained-{i}")).ExitCode);
        }

        await TailAsync(untilAtLeast: 6);
        var segment = Path.Combine(_cli.Directory, "segment.jsonl");
        var keyFile = Path.Combine(_cli.Directory, "chain.key");

        var refused = await RunAsync("audit", "prune", "--before", "4");
        var export = await RunAsync("audit", "export", "--before", "4", "--out", segment);
        var prune = await RunAsync("audit", "prune", "--before", "4");
        var verify = await RunAsync("audit", "verify");
        var key = await RunAsync("audit", "chain-key");
        await File.WriteAllTextAsync(keyFile, key.Output);
        var offline = await RunAsync("audit", "verify", "--file", segment, "--chain-key-file", keyFile);
        await File.WriteAllLinesAsync(segment, (await File.ReadAllLinesAsync(segment))[..^1]);
        var cut = await RunAsync("audit", "verify", "--file", segment, "--chain-key-file", keyFile);
        var tail = await TailAsync(untilAtLeast: 1);

        Assert.Equal((4, true), (refused.ExitCode, refused.Error.Contains("not exported", StringComparison.Ordinal)));
        Assert.Equal((0, true), (export.ExitCode, export.Output.Contains("entries 1 to 3", StringComparison.Ordinal)));
        Assert.Equal((0, true), (prune.ExitCode, prune.Output.Contains("Pruned 3 audit entries through 3", StringComparison.Ordinal)));
        Assert.Equal((0, true), (verify.ExitCode, verify.Output.Contains("intact from the anchor after entry 3", StringComparison.Ordinal)));
        Assert.Equal((0, true), (offline.ExitCode, offline.Output.Contains("entries 1 to 3 (3)", StringComparison.Ordinal)));
        Assert.Equal((7, true), (cut.ExitCode, cut.Error.Contains("cut short", StringComparison.Ordinal)));
        Assert.Equal(4, tail[0].GetProperty("sequence").GetInt64());
        Assert.Contains(tail, e => e.GetProperty("operation").GetString() == "AuditPrune" && e.GetProperty("objectName").GetString() == "3");
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
