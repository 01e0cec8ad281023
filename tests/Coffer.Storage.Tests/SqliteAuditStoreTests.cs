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
