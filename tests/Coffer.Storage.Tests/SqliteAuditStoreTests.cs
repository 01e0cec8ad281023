using Coffer.Core.Storage;
using Coffer.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Coffer.Storage.Tests;

public sealed class SqliteAuditStoreTests : AuditStoreContract
{
    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-audit-store-").FullName;

    private string DatabasePath => Path.Combine(_directory, "coffer.db");

    protected override Task<ICofferStorage> OpenStorageAsync() => new SqliteStorageProvider(DatabasePath).OpenAsync(default);

    protected override Task DeleteDatabaseAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    protected override string DropGuards => "DROP TRIGGER audit_log_append_only_update; DROP TRIGGER audit_log_prune_only; ";

    protected override string MoveAnchor(long sequence) =>
        $"UPDATE audit_anchor SET sequence = {sequence}, hash = (SELECT hash FROM audit_log WHERE sequence = {sequence})";

    protected override string DeleteAsPrune(long sequence) =>
        $"INSERT INTO audit_prune_permit (through) VALUES ({sequence}); DELETE FROM audit_log WHERE sequence = {sequence}";

    [Fact]
    public async Task Prune_ManyEntries_TheFileShrinks()
    {
        var entries = Enumerable.Range(1, 20_000).Select(i => Entry(i)).ToList();
        for (var i = 0; i < entries.Count; i += 2_000)
        {
            await Store.AppendAsync(entries[i..(i + 2_000)], new Coffer.Core.Audit.AuditChain(new byte[32]), default);
        }

        var archiver = new Coffer.Core.Audit.AuditArchiver(Store, new Coffer.Core.Audit.AuditChain(new byte[32]), TimeProvider.System);
        await archiver.ExportAsync(Coffer.Core.Audit.AuditBound.Sequence(19_000), Path.Combine(_directory, "segment.jsonl"), default);
        await ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        var before = new FileInfo(DatabasePath).Length;

        await archiver.PruneAsync(Coffer.Core.Audit.AuditBound.Sequence(19_000), "operator", "test", default);

        var after = new FileInfo(DatabasePath).Length;
        Assert.True(after < before / 4, $"the file went from {before} to {after} bytes");
        Assert.True((await new Coffer.Core.Audit.AuditVerifier(Store, new Coffer.Core.Audit.AuditChain(new byte[32])).VerifyAsync(default)).IsIntact);
    }

    [Theory]
    [InlineData("UPDATE audit_log SET status = 500")]
    [InlineData("DELETE FROM audit_log")]
    public async Task Table_UpdateOrDelete_IsRefused(string sql)
    {
        await AppendAsync(Entry(1));
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;

        var refused = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());

        Assert.Contains("append-only", refused.Message, StringComparison.Ordinal);
        Assert.Equal(200, (await Store.LastAsync(default))!.Entry.Status);
    }
}
