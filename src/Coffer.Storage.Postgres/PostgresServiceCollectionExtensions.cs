using Coffer.Core.Storage;
using Coffer.Storage.Postgres;

namespace Microsoft.Extensions.DependencyInjection;

public static class PostgresServiceCollectionExtensions
{
    /// <summary>Stores everything in the PostgreSQL database of <paramref name="connectionString"/>, which several nodes may share.</summary>
    /// <exception cref="ArgumentException">The connection string is not one Npgsql understands.</exception>
    public static IServiceCollection AddCofferPostgres(this IServiceCollection services, string connectionString) =>
        services.AddSingleton<ICofferStorageProvider>(new PostgresStorageProvider(connectionString));
}
