using Coffer.Core.Storage;

namespace Coffer.Storage.Sqlite;

public sealed class SqliteKeyringStore(SqliteDatabase database) : IKeyringStore
{
    public Task<IReadOnlyList<WrappedKeyringKey>> ListAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<WrappedKeyringKey>>(
            async connection => await connection.QueryAsync(
                "SELECT id, wrapped, created_on FROM keyring ORDER BY id", null,
                reader => new WrappedKeyringKey(reader.GetInt32(0), (byte[])reader.GetValue(1), SqliteCommands.FromUnix(reader.GetInt64(2))),
                cancellationToken),
            cancellationToken);

    public Task<bool> AddAsync(WrappedKeyringKey key, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
            await connection.ExecuteAsync(
                "INSERT INTO keyring (id, wrapped, created_on) VALUES ($id, $wrapped, $created) ON CONFLICT (id) DO NOTHING",
                transaction, cancellationToken, ("$id", key.Id), ("$wrapped", key.Wrapped), ("$created", key.CreatedOn.Unix())) == 1,
            cancellationToken);
}
