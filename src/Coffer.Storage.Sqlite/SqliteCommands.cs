using Microsoft.Data.Sqlite;

namespace Coffer.Storage.Sqlite;

internal static class SqliteCommands
{
    /// <summary>A command with its parameters bound; null values become SQL NULL.</summary>
    public static SqliteCommand Command(this SqliteConnection connection, string sql, SqliteTransaction? transaction, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.Bind(transaction, parameters);
    }

    public static Task<int> ExecuteAsync(this SqliteConnection connection, string sql, SqliteTransaction? transaction, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        connection.RunAsync(sql, transaction, parameters, command => command.ExecuteNonQueryAsync(cancellationToken));

    public static Task<object?> ScalarAsync(this SqliteConnection connection, string sql, SqliteTransaction? transaction, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        connection.RunAsync(sql, transaction, parameters, async command =>
        {
            var result = await command.ExecuteScalarAsync(cancellationToken);
            return result is DBNull ? null : result;
        });

    public static Task<List<T>> QueryAsync<T>(this SqliteConnection connection, string sql, SqliteTransaction? transaction, Func<SqliteDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        connection.RunAsync(sql, transaction, parameters, async command =>
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var items = new List<T>();
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(map(reader));
            }

            return items;
        });

    /// <summary>
    /// Runs <paramref name="run"/> on a command for <paramref name="sql"/>: the connection's prepared one when
    /// it has a <see cref="StatementCache"/> (connections of <see cref="SqliteDatabase"/>), a new one otherwise.
    /// </summary>
    public static async Task<T> RunAsync<T>(this SqliteConnection connection, string sql, SqliteTransaction? transaction, (string Name, object? Value)[] parameters, Func<SqliteCommand, Task<T>> run)
    {
        var cache = StatementCache.Of(connection);
        if (cache?.Take(connection, sql) is not { } command)
        {
            await using var uncached = connection.Command(sql, transaction, parameters);
            return await run(uncached);
        }

        T result;
        try
        {
            result = await run(command.Bind(transaction, parameters));
        }
        catch
        {
            cache.Drop();
            await command.DisposeAsync();
            throw;
        }

        if (!cache.Return(command))
        {
            await command.DisposeAsync();
        }

        return result;
    }

    private static SqliteCommand Bind(this SqliteCommand command, SqliteTransaction? transaction, (string Name, object? Value)[] parameters)
    {
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    public static long? NullableInt64(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static string? NullableString(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long Unix(this DateTimeOffset time) => time.ToUnixTimeSeconds();

    public static long? Unix(this DateTimeOffset? time) => time?.ToUnixTimeSeconds();

    public static DateTimeOffset FromUnix(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds);

    public static DateTimeOffset? FromUnix(long? seconds) => seconds is { } s ? DateTimeOffset.FromUnixTimeSeconds(s) : null;
}
