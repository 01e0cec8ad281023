using Coffer.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Coffer.Storage.Tests;

/// <summary>The prepared commands <see cref="SqliteDatabase"/>'s connections keep: rebound per use, private to each run, dropped when they fail.</summary>
public sealed class SqliteStatementCacheTests : IAsyncLifetime
{
    private const string Select = "SELECT v FROM t WHERE k = $k";
    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-statements-").FullName;
    private SqliteDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await SqliteDatabase.OpenAsync(Path.Combine(_directory, "coffer.db"), default);
        await _database.WriteAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)", transaction, default);
            foreach (var k in new[] { 1, 2, 3 })
            {
                await Insert(connection, transaction, k);
            }

            return 0;
        }, default);
    }

    public Task DisposeAsync()
    {
        _database.Dispose();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task SameSql_RunAgainWithOtherParameters_ReadsTheirRows()
    {
        var values = new List<object?>();
        for (var k = 1; k <= 3; k++)
        {
            values.Add(await _database.ReadAsync(connection => connection.ScalarAsync(Select, null, default, ("$k", k)), default));
        }

        Assert.Equal(["v1", "v2", "v3"], values);
    }

    [Fact]
    public async Task SameSql_RunWhileItsReaderIsOpen_GetsACommandOfItsOwn()
    {
        var (outer, inner) = await _database.ReadAsync(connection => connection.RunAsync(Select, null, [("$k", 1)], async command =>
        {
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            var nested = await connection.ScalarAsync(Select, null, default, ("$k", 2));
            return (reader.GetString(0), nested);
        }), default);

        Assert.Equal(("v1", (object?)"v2"), (outer, inner));
    }

    [Fact]
    public async Task FailedWrite_RollsBack_AndTheNextWriteOfTheSameSqlSucceeds()
    {
        var failed = await Assert.ThrowsAsync<SqliteException>(() => _database.WriteAsync(async (connection, transaction) =>
        {
            await Insert(connection, transaction, 4);
            return await Insert(connection, transaction, 1); // primary key taken
        }, default));
        await _database.WriteAsync((connection, transaction) => Insert(connection, transaction, 5), default);

        var keys = await _database.ReadAsync(connection => connection.QueryAsync("SELECT k FROM t ORDER BY k", null, r => r.GetInt64(0), default), default);
        Assert.Equal(19, failed.SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Equal([1L, 2, 3, 5], keys);
    }

    private static Task<int> Insert(SqliteConnection connection, SqliteTransaction transaction, int k) =>
        connection.ExecuteAsync("INSERT INTO t (k, v) VALUES ($k, $v)", transaction, default, ("$k", k), ("$v", $"v{k}"));
}
