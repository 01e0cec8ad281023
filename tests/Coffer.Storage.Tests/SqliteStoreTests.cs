using Coffer.Storage.Sqlite;

namespace Coffer.Storage.Tests;

public sealed class SqliteStoreTests : StoreContract
{
    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-store-").FullName;

    protected override async Task<Stores> CreateStoresAsync()
    {
        var database = await SqliteDatabase.OpenAsync(Path.Combine(_directory, "coffer.db"), default);
        return new Stores(new SqliteObjectStore(database), new SqliteVaultStore(database), new SqliteClientStore(database),
            new SqliteSettingStore(database), new SqliteKeyringStore(database), new SqliteVaultAccessStore(database));
    }

    protected override Task DisposeStoresAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Open_Twice_MigratesOnce_KeepsData()
    {
        var path = Path.Combine(_directory, "again.db");
        var first = await SqliteDatabase.OpenAsync(path, default);
        await new SqliteSettingStore(first).GetOrAddAsync("kept", "yes", default);

        var second = await SqliteDatabase.OpenAsync(path, default);

        Assert.Equal("yes", await new SqliteSettingStore(second).GetAsync("kept", default));
    }
}
