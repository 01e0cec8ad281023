using Coffer.Storage.Sqlite;

namespace Coffer.Storage.Tests;

public sealed class SqliteStoreTests : StoreContract
{
    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-store-").FullName;
    private readonly List<SqliteDatabase> _databases = [];

    protected override async Task<Stores> CreateStoresAsync()
    {
        var database = await OpenAsync(Path.Combine(_directory, "coffer.db"));
        return new Stores(new SqliteObjectStore(database), new SqliteVaultStore(database), new SqliteClientStore(database),
            new SqliteSettingStore(database), new SqliteKeyringStore(database), new SqliteVaultAccessStore(database));
    }

    protected override Task DisposeStoresAsync()
    {
        _databases.ForEach(database => database.Dispose());
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Open_Twice_MigratesOnce_KeepsData()
    {
        var path = Path.Combine(_directory, "again.db");
        var first = await OpenAsync(path);
        await new SqliteSettingStore(first).GetOrAddAsync("kept", "yes", default);

        var second = await OpenAsync(path);

        Assert.Equal("yes", await new SqliteSettingStore(second).GetAsync("kept", default));
    }

    private async Task<SqliteDatabase> OpenAsync(string path)
    {
        var database = await SqliteDatabase.OpenAsync(path, default);
        _databases.Add(database);
        return database;
    }
}
