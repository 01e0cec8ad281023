using Coffer.Core.Storage;
using Npgsql;

namespace Coffer.Storage.Postgres;

/// <summary>A PostgreSQL database that several Coffer nodes share, named by an Npgsql connection string.</summary>
public sealed class PostgresStorageProvider : ICofferStorageProvider
{
    private readonly string _connectionString;

    /// <exception cref="ArgumentException">The connection string has a keyword Npgsql does not know or a value it cannot use.</exception>
    public PostgresStorageProvider(string connectionString)
    {
        _ = new NpgsqlConnectionStringBuilder(connectionString); // a wrong keyword fails here, at registration, not at the first connection
        _connectionString = connectionString;
    }

    public async Task<ICofferStorage> OpenAsync(CancellationToken cancellationToken) =>
        new PostgresStorage(await PostgresDatabase.OpenAsync(_connectionString, cancellationToken));
}
