using Coffer.Core.Audit;
using Coffer.Core.Storage;
using Coffer.Storage.Postgres;
using Coffer.Tests;
using Npgsql;

namespace Coffer.Storage.Tests;

[Collection(PostgresGroup.Name)]
public sealed class PostgresAuditStoreTests(PostgresCluster cluster) : AuditStoreContract
{
    private string _connectionString = null!;

    protected override async Task<ICofferStorage> OpenStorageAsync() =>
        await new PostgresStorageProvider(_connectionString = await cluster.CreateDatabaseAsync()).OpenAsync(default);

    protected override async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    protected override string DropGuards => "DROP TRIGGER audit_log_append_only ON audit_log; DROP TRIGGER audit_log_prune_only ON audit_log; ";

    protected override string MoveAnchor(long sequence) =>
        $"UPDATE audit_log_lock SET anchor_sequence = {sequence}, anchor_hash = (SELECT hash FROM audit_log WHERE sequence = {sequence})";

    protected override string DeleteAsPrune(long sequence) =>
        $"SET coffer.audit_prune = 'on'; DELETE FROM audit_log WHERE sequence = {sequence}";

    [Fact]
    public async Task Retention_TwoNodesAtOnce_OneRunsTheJob()
    {
        await using var other = await new PostgresStorageProvider(_connectionString).OpenAsync(default);
        for (var i = 1; i <= 10; i++)
        {
            await AppendAsync(Entry(i));
        }

        var archives = Directory.CreateTempSubdirectory("coffer-archives-").FullName;
        try
        {
            var gate = new TaskCompletionSource();
            var runs = 0;
            Task<bool> Run(ICofferStorage node) => node.Jobs.TryRunExclusiveAsync("audit-retention", async cancellationToken =>
            {
                Interlocked.Increment(ref runs);
                await new AuditRetention(node.Audit, Chain, new FakeClock(DateTimeOffset.FromUnixTimeSeconds(1_900_000_000)), TimeSpan.FromDays(1), archives).RunOnceAsync(cancellationToken);
                await gate.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            }, default);

            var first = Run(Storage);
            for (var deadline = DateTime.UtcNow.AddSeconds(60); Volatile.Read(ref runs) == 0 && DateTime.UtcNow < deadline;)
            {
                await Task.Delay(20);
            }

            var second = await Run(other);
            gate.SetResult();

            Assert.True(await first);
            Assert.False(second);
            Assert.Equal(1, runs);
            Assert.Single(Directory.GetFiles(archives));
            Assert.True((await new AuditVerifier(other.Audit, Chain).VerifyAsync(default)).IsIntact);
        }
        finally
        {
            Directory.Delete(archives, recursive: true);
        }
    }

    [Theory]
    [InlineData("UPDATE audit_log SET status = 500")]
    [InlineData("DELETE FROM audit_log")]
    [InlineData("TRUNCATE audit_log")]
    public async Task Table_UpdateDeleteOrTruncate_IsRefused(string sql)
    {
        await AppendAsync(Entry(1));
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
        Assert.Equal(200, (await Store.LastAsync(default))!.Entry.Status);
    }
}
