using Coffer.Core.Audit;
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
        await Store.Audit.AppendAsync([WriteEntry("before")], TestChain, default);
        var latest = await AppliedAsync(_connectionString!);
        // Script 3 keeps the audit chain's head in its lock row; undone (with the scripts after it: the backup schedule tables,
        // the prune anchor, the users table, the objects' recovers_on, the event tables and the keyring's activation and previous
        // wrap), the log holds a record the row does not know.
        await ExecuteAsync("""
            DELETE FROM schema_migrations WHERE version >= 3;
            DROP TABLE backup_runs; DROP TABLE backup_schedules; DROP TABLE users;
            ALTER TABLE objects DROP COLUMN recovers_on;
            DROP TABLE event_deliveries; DROP TABLE event_subscriptions; DROP TABLE event_once;
            ALTER TABLE audit_log_lock DROP COLUMN sequence, DROP COLUMN hash, DROP COLUMN anchor_sequence, DROP COLUMN anchor_hash;
            DROP TABLE audit_exports; DROP TRIGGER audit_log_prune_only ON audit_log; DROP FUNCTION audit_log_prune_only();
            ALTER TABLE keyring DROP COLUMN activates_on, DROP COLUMN previous_wrapped;
            """);

        var nodes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => new PostgresStorageProvider(_connectionString!).OpenAsync(default))));
        await nodes[1].Audit.AppendAsync([WriteEntry("after")], TestChain, default);

        Assert.Equal(latest, await AppliedAsync(_connectionString!));
        Assert.Equal("yes", await nodes[2].Settings.GetAsync("kept", default));
        var log = await nodes[3].Audit.ReadAsync(1, 10, default);
        Assert.Equal(["before", "after"], log.Select(r => r.Entry.ObjectName));
        Assert.Null(TestChain.FirstBroken(log, null)); // the upgrade took the head from the log: the chain goes on
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task Append_HeadBehindTheLog_FailsClosedOnceThenContinuesTheChain()
    {
        await Store.Audit.AppendAsync([WriteEntry("first")], TestChain, default);
        var first = (await Store.Audit.LastAsync(default))!;
        await Store.Audit.AppendAsync([WriteEntry("second")], TestChain, default);
        // As if "second" had been appended by a node of the version before the head moved into the lock row.
        await ExecuteAsync($"UPDATE audit_log_lock SET sequence = 1, hash = '\\x{Convert.ToHexString(first.Hash)}'");

        await Assert.ThrowsAsync<AuditUnavailableException>(() => Store.Audit.AppendAsync([WriteEntry("refused")], TestChain, default));
        await Store.Audit.AppendAsync([WriteEntry("third")], TestChain, default);

        var log = await Store.Audit.ReadAsync(1, 10, default);
        Assert.Equal(["first", "second", "third"], log.Select(r => r.Entry.ObjectName));
        Assert.Null(TestChain.FirstBroken(log, null));
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

    [Fact]
    public async Task VaultChanges_KeyWrittenOnAnotherNode_IsHeardAsThatKey_SecretsAreNotAnnounced()
    {
        var other = await OpenNodeAsync();
        var heard = new Heard();
        using var stop = new CancellationTokenSource();
        var listening = Store.VaultChanges.ListenAsync(heard, stop.Token);
        await heard.Listening.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Core.ObjectVersion Version(string id) => new(id.PadRight(32, '0'), now, now, Core.ObjectAttributes.Default, null, null, [1, 2, 3]);
        var key = new Core.ObjectRef("VAULT1", Core.ObjectKind.Key, "Heard-Key");
        var restored = new Core.ObjectRef("vault1", Core.ObjectKind.Key, "restored-key");
        var secret = new Core.ObjectRef("vault1", Core.ObjectKind.Secret, "quiet-secret");

        await other.Objects.AddVersionAsync(secret, Version("5"), default);
        await other.Objects.AddVersionAsync(key, Version("1"), default);
        await heard.Vaults("vault1/heard-key").WaitAsync(TimeSpan.FromSeconds(10));
        heard.Clear();
        Assert.True(await other.Objects.UpdateVersionAsync(key, Version("1") with { Attributes = new Core.ObjectAttributes(false, null, null) }, default));
        await heard.Vaults("vault1/heard-key").WaitAsync(TimeSpan.FromSeconds(10));
        heard.Clear();
        await other.Objects.SoftDeleteAsync(key, new Core.DeletionInfo(now, now.AddDays(7)), [], default);
        await heard.Vaults("vault1/heard-key").WaitAsync(TimeSpan.FromSeconds(10));
        heard.Clear();
        Assert.True(await other.Objects.PurgeAsync(key, [], default));
        await heard.Vaults("vault1/heard-key").WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(InsertObjectResult.Inserted, await other.Objects.InsertObjectsAsync([new ObjectInsert(restored, [Version("2")], null)], default));
        await heard.Vaults("vault1/restored-key").WaitAsync(TimeSpan.FromSeconds(10));

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listening);
        Assert.DoesNotContain(heard.Changed, c => c.Contains("quiet-secret", StringComparison.Ordinal));
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

        public void KeyChanged(string vault, string name)
        {
            lock (_lock)
            {
                Changed.Add($"{vault}/{name}");
            }
        }

        public void AllVaultsChanged() => Listening.TrySetResult();

        public void Clear()
        {
            lock (_lock)
            {
                Changed.Clear();
            }
        }

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
