using Coffer.Core.Storage;
using Coffer.Storage.Postgres;
using Coffer.Tests;
using Npgsql;

namespace Coffer.Storage.Tests;

[Collection(PostgresGroup.Name)]
public sealed class PostgresStoreTests(PostgresCluster cluster) : StoreContract
{
    private string? _connectionString;

    protected override async Task<ICofferStorage> OpenStorageAsync() =>
        await new PostgresStorageProvider(_connectionString ??= await cluster.CreateDatabaseAsync()).OpenAsync(default);

    [Fact]
    public async Task Open_NodesStartingTogetherOnAnEmptyDatabase_MigrateOnce()
    {
        var empty = await cluster.CreateDatabaseAsync();

        var nodes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => new PostgresStorageProvider(empty).OpenAsync(default))));
        await nodes[0].Settings.GetOrAddAsync("kept", "yes", default);

        Assert.Equal("yes", await nodes[3].Settings.GetAsync("kept", default));
        Assert.Equal(await AppliedAsync(_connectionString!), await AppliedAsync(empty));
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task Open_NodesStartingTogetherOnAnOlderSchema_UpgradeOnce_KeepData()
    {
        await Store.Settings.SetAsync("kept", "yes", default);
        var latest = await AppliedAsync(_connectionString!);
        await ExecuteAsync(
            $"DELETE FROM schema_migrations WHERE version = {latest.Max()}; DROP TRIGGER audit_log_append_only ON audit_log; DROP FUNCTION audit_log_append_only()");

        var nodes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => new PostgresStorageProvider(_connectionString!).OpenAsync(default))));

        Assert.Equal(latest, await AppliedAsync(_connectionString!));
        Assert.Equal("yes", await nodes[2].Settings.GetAsync("kept", default));
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task Open_SchemaNewerThanThisCoffer_IsRefused()
    {
        await ExecuteAsync("INSERT INTO schema_migrations (version, applied_on) VALUES (1000, now())");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => new PostgresStorageProvider(_connectionString!).OpenAsync(default));

        Assert.Contains("newer than this Coffer knows", refused.Message, StringComparison.Ordinal);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<int>> AppliedAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT version FROM schema_migrations ORDER BY version", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var versions = new List<int>();
        while (await reader.ReadAsync())
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }
}
