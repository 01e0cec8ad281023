using Coffer.Core.Storage;

namespace Coffer.Storage.Postgres;

internal sealed class PostgresSettingStore(PostgresDatabase database) : ISettingStore
{
    public Task<string?> GetAsync(string name, CancellationToken cancellationToken) =>
        database.ReadAsync(
            async connection => (string?)await connection.ScalarAsync("SELECT value FROM settings WHERE name = $1", null, cancellationToken, name),
            cancellationToken);

    /// <remarks>
    /// Two statements, not one: the INSERT waits for a node adding the same name and then does nothing, and only a
    /// statement begun after that (READ COMMITTED) sees the value the other node stored.
    /// </remarks>
    public Task<string> GetOrAddAsync(string name, string value, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync("INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
                transaction, cancellationToken, name, value);
            return (string)(await connection.ScalarAsync("SELECT value FROM settings WHERE name = $1", transaction, cancellationToken, name))!;
        }, cancellationToken);

    public Task<IReadOnlyList<string>> AddAllAsync(IReadOnlyList<(string Name, string Value)> entries, CancellationToken cancellationToken)
    {
        SettingEntries.RefuseDuplicates(entries);
        return database.WriteAsync<IReadOnlyList<string>>(async (connection, transaction) =>
        {
            var added = new List<string>();
            foreach (var (name, value) in entries)
            {
                if (await connection.ExecuteAsync("INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
                        transaction, cancellationToken, name, value) == 1)
                {
                    added.Add(name);
                }
            }

            return added;
        }, cancellationToken);
    }

    public Task SetAsync(string name, string value, CancellationToken cancellationToken) =>
        database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(
                "INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                transaction, cancellationToken, name, value),
            cancellationToken);

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async (connection, transaction) => await connection.ExecuteAsync("DELETE FROM settings WHERE name = $1", transaction, cancellationToken, name) == 1,
            cancellationToken);

    public Task<IReadOnlyList<(string Name, string Value)>> ListAsync(string prefix, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<(string Name, string Value)>>(
            async connection => await connection.QueryAsync(
                "SELECT name, value FROM settings WHERE substr(name, 1, length($1)) = $1 ORDER BY name", null,
                reader => (reader.GetString(0), reader.GetString(1)), cancellationToken, prefix),
            cancellationToken);
}
