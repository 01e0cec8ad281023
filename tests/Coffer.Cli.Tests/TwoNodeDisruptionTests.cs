using System.Diagnostics;
using Coffer.Core;
using Coffer.Core.Crypto;
using Coffer.Core.Storage;
using Coffer.Server.Hosting;
using Coffer.Tests;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Coffer.Cli.Tests;

/// <summary>
/// Two real <c>coffer serve</c> processes on one PostgreSQL database, one of them killed or throttled: each test starts a
/// pair of its own, so the pair the other tests share stays whole.
/// </summary>
[Collection(TwoNodeGroup.Name)]
public sealed class TwoNodeDisruptionTests(TwoNodeFixture fixture, ITestOutputHelper output)
{
    /// <remarks>
    /// The test holds the audit log's lock row, so A's restore inserts every version and then waits, before its commit,
    /// for the lock its audit record needs: A is killed at that moment, found in <c>pg_stat_activity</c>, with 5 000
    /// versions written and none committed.
    /// </remarks>
    [Fact]
    public async Task RestoreSecret_NodeAKilledMidRestoreOfFiveThousandVersions_NodeBAnswersAndTheSecretIsAbsentOrWhole()
    {
        const int Versions = 5000;
        using var nodes = await NodePair.StartAsync(fixture.Cluster);
        var name = "history-" + Guid.NewGuid().ToString("N")[..8];
        await InsertHistoryAsync(nodes, name, Versions);
        var blob = (await nodes.B.SecretClient(nodes.DefaultVault).BackupSecretAsync(name)).Value;
        var target = await nodes.CreateVaultAsync();
        var onA = nodes.A.SecretClient(target);
        var onB = nodes.B.SecretClient(target);
        await TwoNodeTests.AnswerAsync(() => onA.GetSecretAsync(name)); // both clients have their tokens: the restore is A's next request
        await TwoNodeTests.AnswerAsync(() => onB.GetSecretAsync(name));
        await using var database = NpgsqlDataSource.Create(nodes.Database);
        await using var auditLock = await database.OpenConnectionAsync();
        await using var holding = await auditLock.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand("SELECT id FROM audit_log_lock FOR UPDATE", auditLock, holding))
        {
            await take.ExecuteNonQueryAsync();
        }

        var clock = Stopwatch.StartNew();
        var restore = TwoNodeTests.AnswerAsync(() => onA.RestoreSecretBackupAsync(blob));
        var waiting = await WhenRestoreWaitsAsync(database, restore);
        var killedAt = clock.Elapsed;
        nodes.A.Kill();
        var answerToA = await restore.WaitAsync(TimeSpan.FromSeconds(60));
        var answerOfBMeanwhile = await TwoNodeTests.AnswerAsync(() => onB.GetSecretAsync(name)).WaitAsync(TimeSpan.FromSeconds(60));
        await holding.RollbackAsync();
        await WhenGoneAsync(database); // PostgreSQL has ended A's sessions and their transactions
        var afterKill = await TwoNodeTests.ListVersionsAsync(onB, name);
        var restoreOnB = await TwoNodeTests.AnswerAsync(() => onB.RestoreSecretBackupAsync(blob));
        var afterRestoreOnB = await TwoNodeTests.ListVersionsAsync(onB, name);
        var audit = await nodes.VerifyAuditAsync();

        output.WriteLine($"A killed {killedAt.TotalMilliseconds:0} ms into the restore, its session: {waiting ?? "(none: the restore was answered first)"}; "
            + $"A's client got {answerToA}; B answered {answerOfBMeanwhile} before A's transaction ended, then listed {afterKill.Count} versions; "
            + $"B's restore answered {restoreOnB}, after which B listed {afterRestoreOnB.Count}");
        Assert.NotNull(waiting);
        Assert.Equal(404, answerOfBMeanwhile);
        Assert.Contains(afterKill.Count, new[] { 0, Versions });
        Assert.Equal(afterKill.Count == 0 ? 200 : 409, restoreOnB);
        Assert.Equal(Versions, afterRestoreOnB.Count);
        Assert.Equal("value-4999", (await onB.GetSecretAsync(name)).Value.Value);
        Assert.True(audit.ExitCode == 0, audit.Error);
    }

    [Fact]
    public async Task Throttle_NodeAAtItsLimit_NodeBStillAccepts()
    {
        const int Limit = 5;
        using var nodes = await NodePair.StartAsync(fixture.Cluster, "--throttle", "--throttle-window", "60", "--throttle-transactions", $"{Limit}");
        var name = "counted-" + Guid.NewGuid().ToString("N")[..8];
        var onA = nodes.A.SecretClient(nodes.DefaultVault);
        var onB = nodes.B.SecretClient(nodes.DefaultVault);
        await onA.SetSecretAsync(name, "v"); // a set is counted apart from the gets

        var answersOfA = await ReadUntilThrottledAsync(() => TwoNodeTests.AnswerAsync(() => onA.GetSecretAsync(name)));
        var answersOfB = await ReadUntilThrottledAsync(() => TwoNodeTests.AnswerAsync(() => onB.GetSecretAsync(name)));

        output.WriteLine($"A: {string.Join(' ', answersOfA)}; then B: {string.Join(' ', answersOfB)}");
        Assert.Equal(Enumerable.Repeat(200, Limit).Append(429), answersOfA);
        Assert.Equal(Enumerable.Repeat(200, Limit).Append(429), answersOfB); // B's count starts at zero: the limit is per node
    }

    /// <summary>Reads until the first 429 (bounded: 4 × the limit); every answer in order.</summary>
    private static async Task<List<int>> ReadUntilThrottledAsync(Func<Task<int>> read)
    {
        var answers = new List<int>();
        while (answers.Count < 20 && answers.LastOrDefault() != 429)
        {
            answers.Add(await read());
        }

        return answers;
    }

    /// <summary>A secret of <paramref name="versions"/> versions put straight into the nodes' database, sealed with their keyring.</summary>
    private static async Task InsertHistoryAsync(NodePair nodes, string name, int versions)
    {
        await using var storage = await new ServiceCollection().AddCofferPostgres(nodes.Database).OpenCofferStorageAsync(default);
        var keyring = await Keyring.LoadAsync(storage.Keyring, RootKey.FromBase64(nodes.RootKey), TimeProvider.System, default);
        var secret = new ObjectRef(nodes.DefaultVault, ObjectKind.Secret, name);
        var history = SecretHistory.Versions(new EnvelopeSealer(keyring), secret, versions, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        Assert.Equal(InsertObjectResult.Inserted, await storage.Objects.InsertObjectsAsync([new ObjectInsert(secret, history, null)], default));
    }

    /// <summary>
    /// Polls (bounded: 60 s) until one of A's sessions has written (it has a transaction id) and waits for a lock; that
    /// session, or null when the restore was answered first.
    /// </summary>
    private static async Task<string?> WhenRestoreWaitsAsync(NpgsqlDataSource database, Task restore)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!restore.IsCompleted && DateTime.UtcNow < deadline)
        {
            if ((await SessionsOfAAsync(database, "AND backend_xid IS NOT NULL AND wait_event_type = 'Lock'")).FirstOrDefault() is { } session)
            {
                return session;
            }

            await Task.Delay(10);
        }

        return null;
    }

    /// <summary>Polls (bounded: 60 s) until PostgreSQL has no session of A left.</summary>
    private static async Task WhenGoneAsync(NpgsqlDataSource database)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await SessionsOfAAsync(database, "") is { Count: > 0 } sessions)
        {
            Assert.True(DateTime.UtcNow < deadline, $"PostgreSQL kept the killed node's sessions for 60 s:\n{string.Join('\n', sessions)}");
            await Task.Delay(20);
        }
    }

    /// <summary>A's sessions on the pair's database that meet <paramref name="condition"/>: pid, state, wait and statement of each.</summary>
    private static async Task<List<string>> SessionsOfAAsync(NpgsqlDataSource database, string condition)
    {
        await using var command = database.CreateCommand("SELECT concat_ws(' ', pid, state, backend_xid, wait_event, left(query, 60)) FROM pg_stat_activity "
            + $"WHERE datname = current_database() AND application_name = '{NodePair.ApplicationNameOfA}' {condition}");
        await using var reader = await command.ExecuteReaderAsync();
        var sessions = new List<string>();
        while (await reader.ReadAsync())
        {
            sessions.Add(reader.GetString(0));
        }

        return sessions;
    }
}
