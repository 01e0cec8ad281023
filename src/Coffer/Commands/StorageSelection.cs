using Coffer.Core.Storage;
using Coffer.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Coffer.Cli.Commands;

/// <summary>The one place that picks a storage provider: PostgreSQL when a database is named, embedded SQLite otherwise.</summary>
internal static class StorageSelection
{
    /// <exception cref="InvalidOperationException">Invalid options: the connection string is not one PostgreSQL's provider understands.</exception>
    public static IServiceCollection AddCofferStorage(this IServiceCollection services, CofferOptions options)
    {
        if (options.Database is not { } connectionString)
        {
            return services.AddCofferSqlite(options.DatabasePath);
        }

        try
        {
            return services.AddCofferPostgres(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"Invalid options:{Environment.NewLine}--database: {e.Message}", e);
        }
    }

    /// <summary>The storage of <paramref name="options"/>, opened outside a server (for offline commands).</summary>
    public static Task<ICofferStorage> OpenAsync(CofferOptions options, CancellationToken cancellationToken) =>
        new ServiceCollection().AddCofferStorage(options).OpenCofferStorageAsync(cancellationToken);

    /// <summary>Whether <paramref name="e"/> reports invalid options (a bad <c>--database</c> among them): exit 2, its message, no stack trace.</summary>
    public static bool IsInvalidOptions(InvalidOperationException e) => e.Message.StartsWith("Invalid options", StringComparison.Ordinal);

    /// <summary>Whether there is a database to open: a PostgreSQL one is taken to exist, a SQLite file must.</summary>
    public static bool Exists(CofferOptions options) => options.Database is not null || File.Exists(options.DatabasePath);
}
