using Coffer.Core.Storage;

namespace Coffer.Storage.Sqlite;

/// <summary>The embedded database: one SQLite file, created on first open.</summary>
public sealed class SqliteStorageProvider(string path) : ICofferStorageProvider
{
    public async Task<ICofferStorage> OpenAsync(CancellationToken cancellationToken) =>
        new SqliteStorage(await SqliteDatabase.OpenAsync(path, cancellationToken));
}
