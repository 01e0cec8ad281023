using Coffer.Core.Storage;
using Coffer.Storage.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

public static class SqliteServiceCollectionExtensions
{
    /// <summary>Stores everything in the SQLite file at <paramref name="path"/> (the embedded default: <c>coffer.db</c> in the data directory).</summary>
    public static IServiceCollection AddCofferSqlite(this IServiceCollection services, string path) =>
        services.AddSingleton<ICofferStorageProvider>(new SqliteStorageProvider(path));
}
