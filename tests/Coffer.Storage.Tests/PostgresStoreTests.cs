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
            $"DELETE FROM schema_migrations WHERE version = {latest.Max()}; DROP TABLE backup_runs; DROP TABLE backup_schedules");

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

    [Fact]
    public async Task TryRunExclusive_HolderNodeDies_AnotherNodeTakesTheJobOver()
    {
        var other = await OpenNodeAsync();
        var started = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var holding = Store.Jobs.TryRunExclusiveAsync("sweep", async _ =>
        {
            started.SetResult();
            await release.Task;
        }, default);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(await other.Jobs.TryRunExclusiveAsync("sweep", _ => Task.CompletedTask, default));

        // The holder's connection ends as a dead node's would.
        await ExecuteAsync("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");

        var deadline = DateTime.UtcNow.AddSeconds(10); // the backend ends a moment after it is told to
        var tookOver = false;
        while (!tookOver && DateTime.UtcNow < deadline)
        {
            tookOver = await other.Jobs.TryRunExclusiveAsync("sweep", _ => Task.CompletedTask, default);
            await Task.Delay(tookOver ? 0 : 20);
        }

        Assert.True(tookOver);
        release.SetResult();
        await Assert.ThrowsAnyAsync<Exception>(() => holding); // its unlock finds the connection gone
    }

    [Fact]
    public async Task VaultChanges_PolicyChangedOnAnotherNode_IsHeardAfterListening()
    {
        var other = await OpenNodeAsync();
        var heard = new Heard();
        using var stop = new CancellationTokenSource();
        var listening = Store.VaultChanges.ListenAsync(heard, stop.Token);
        await heard.Listening.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await other.Access.UpdatePoliciesAsync("VAULT2", _ => [Core.Authorization.AccessPolicy.All("t", "o", issuer: null)], default);
        await other.Access.SetModeAsync("vault1", Core.Authorization.VaultAuthorizationMode.Rbac, default);
        await other.Access.UpdatePoliciesAsync("nowhere", p => p, default);

        await heard.Vaults("vault2", "vault1").WaitAsync(TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listening);
        Assert.DoesNotContain("nowhere", heard.Changed);
    }

    private sealed class Heard : Core.Management.IVaultChangeObserver
    {
        private readonly Lock _lock = new();

        public TaskCompletionSource Listening { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<string> Changed { get; } = [];

        public void VaultChanged(string vault)
        {
            lock (_lock)
            {
                Changed.Add(vault);
            }
        }

        public void AllVaultsChanged() => Listening.TrySetResult();

        public async Task Vaults(params string[] expected)
        {
            while (true)
            {
                lock (_lock)
                {
                    if (expected.All(Changed.Contains))
                    {
                        return;
                    }
                }

                await Task.Delay(10);
            }
        }
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
