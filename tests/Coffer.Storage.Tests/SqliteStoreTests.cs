using Coffer.Core.Storage;
using Coffer.Storage.Sqlite;

namespace Coffer.Storage.Tests;

public sealed class SqliteStoreTests : StoreContract
{
    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-store-").FullName;

    protected override Task<ICofferStorage> OpenStorageAsync() => new SqliteStorageProvider(Path.Combine(_directory, "coffer.db")).OpenAsync(default);

    protected override Task DeleteDatabaseAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Open_Twice_MigratesOnce_KeepsData()
    {
        var path = Path.Combine(_directory, "again.db");
        await using (var first = await new SqliteStorageProvider(path).OpenAsync(default))
        {
            await first.Settings.GetOrAddAsync("kept", "yes", default);
        }

        await using var second = await new SqliteStorageProvider(path).OpenAsync(default);

        Assert.Equal("yes", await second.Settings.GetAsync("kept", default));
    }
}
