using Coffer.Core.Storage;

namespace Coffer.Storage.Postgres;

internal sealed class PostgresKeyringStore(PostgresDatabase database) : IKeyringStore
{
    public Task<IReadOnlyList<WrappedKeyringKey>> ListAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<WrappedKeyringKey>>(
            async connection => await connection.QueryAsync(
                "SELECT id, wrapped, created_on FROM keyring ORDER BY id", null,
                reader => new WrappedKeyringKey(reader.GetInt32(0), reader.GetFieldValue<byte[]>(1), reader.Time(2)),
                cancellationToken),
            cancellationToken);

    public Task<bool> AddAsync(WrappedKeyringKey key, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
            await connection.ExecuteAsync(
                "INSERT INTO keyring (id, wrapped, created_on) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING",
                transaction, cancellationToken, key.Id, key.Wrapped, key.CreatedOn.WholeSeconds()) == 1,
            cancellationToken);
}
