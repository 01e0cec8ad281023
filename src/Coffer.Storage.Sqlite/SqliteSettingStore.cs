using Coffer.Core.Storage;

namespace Coffer.Storage.Sqlite;

public sealed class SqliteSettingStore(SqliteDatabase database) : ISettingStore
{
    public Task<string?> GetAsync(string name, CancellationToken cancellationToken) =>
        database.ReadAsync(
            async connection => (string?)await connection.ScalarAsync("SELECT value FROM settings WHERE name = $name", null, cancellationToken, ("$name", name)),
            cancellationToken);

    public Task<string> GetOrAddAsync(string name, string value, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync("INSERT INTO settings (name, value) VALUES ($name, $value) ON CONFLICT (name) DO NOTHING",
                transaction, cancellationToken, ("$name", name), ("$value", value));
            return (string)(await connection.ScalarAsync("SELECT value FROM settings WHERE name = $name", transaction, cancellationToken, ("$name", name)))!;
        }, cancellationToken);
}
