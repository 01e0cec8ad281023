using Coffer.Core.Storage;
using Npgsql;

namespace Coffer.Storage.Postgres;

internal sealed class PostgresKeyringStore(PostgresDatabase database) : IKeyringStore
{
    private const string Select = "SELECT id, wrapped, created_on, activates_on, previous_wrapped FROM keyring ORDER BY id";

    private const string Insert = "INSERT INTO keyring (id, wrapped, created_on, activates_on, previous_wrapped) VALUES ($1, $2, $3, $4::timestamptz, $5::bytea)";

    public Task<IReadOnlyList<WrappedKeyringKey>> ListAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<WrappedKeyringKey>>(
            async connection => await connection.QueryAsync(Select, null, Read, cancellationToken),
            cancellationToken);

    public Task<bool> AddAsync(WrappedKeyringKey key, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
            await connection.ExecuteAsync(Insert + " ON CONFLICT (id) DO NOTHING", transaction, cancellationToken, Values(key)) == 1,
            cancellationToken);

    public Task<bool> ReplaceAsync(IReadOnlyList<WrappedKeyringKey> expected, IReadOnlyList<WrappedKeyringKey> replacement, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            // Conflicts with itself and with AddAsync's insert (ROW EXCLUSIVE), not with reads: the keys read next stay
            // the keys until this transaction ends, on every node.
            await connection.ExecuteAsync("LOCK TABLE keyring IN SHARE ROW EXCLUSIVE MODE", transaction, cancellationToken);
            var stored = await connection.QueryAsync(Select, transaction, Read, cancellationToken);
            if (!WrappedKeyringKey.SameKeys(stored, expected))
            {
                return false;
            }

            foreach (var key in replacement)
            {
                await connection.ExecuteAsync(
                    Insert + " ON CONFLICT (id) DO UPDATE SET wrapped = excluded.wrapped, activates_on = excluded.activates_on, previous_wrapped = excluded.previous_wrapped",
                    transaction, cancellationToken, Values(key));
            }

            return true;
        }, cancellationToken);

    private static WrappedKeyringKey Read(NpgsqlDataReader reader) => new(
        reader.GetInt32(0), reader.GetFieldValue<byte[]>(1), reader.Time(2), reader.NullableTime(3), reader.IsDBNull(4) ? null : reader.GetFieldValue<byte[]>(4));

    private static object?[] Values(WrappedKeyringKey key) =>
        [key.Id, key.Wrapped, key.CreatedOn.WholeSeconds(), key.ActivatesOn.WholeSeconds(), key.PreviousWrapped];
}
