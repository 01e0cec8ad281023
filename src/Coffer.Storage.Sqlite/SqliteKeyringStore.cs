using Coffer.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Coffer.Storage.Sqlite;

public sealed class SqliteKeyringStore(SqliteDatabase database) : IKeyringStore
{
    private const string Select = "SELECT id, wrapped, created_on, activates_on, previous_wrapped FROM keyring ORDER BY id";

    public Task<IReadOnlyList<WrappedKeyringKey>> ListAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<WrappedKeyringKey>>(
            async connection => await connection.QueryAsync(Select, null, Read, cancellationToken),
            cancellationToken);

    public Task<bool> AddAsync(WrappedKeyringKey key, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
            await connection.ExecuteAsync(
                """
                INSERT INTO keyring (id, wrapped, created_on, activates_on, previous_wrapped) VALUES ($id, $wrapped, $created, $activates, $previous)
                ON CONFLICT (id) DO NOTHING
                """,
                transaction, cancellationToken, Parameters(key)) == 1,
            cancellationToken);

    // The write transaction is BEGIN IMMEDIATE: no other writer comes between the read and the writes.
    public Task<bool> ReplaceAsync(IReadOnlyList<WrappedKeyringKey> expected, IReadOnlyList<WrappedKeyringKey> replacement, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var stored = await connection.QueryAsync(Select, transaction, Read, cancellationToken);
            if (!WrappedKeyringKey.SameKeys(stored, expected))
            {
                return false;
            }

            foreach (var key in replacement)
            {
                await connection.ExecuteAsync(
                    """
                    INSERT INTO keyring (id, wrapped, created_on, activates_on, previous_wrapped) VALUES ($id, $wrapped, $created, $activates, $previous)
                    ON CONFLICT (id) DO UPDATE SET wrapped = excluded.wrapped, activates_on = excluded.activates_on, previous_wrapped = excluded.previous_wrapped
                    """,
                    transaction, cancellationToken, Parameters(key));
            }

            return true;
        }, cancellationToken);

    private static WrappedKeyringKey Read(SqliteDataReader reader) => new(
        reader.GetInt32(0), (byte[])reader.GetValue(1), SqliteCommands.FromUnix(reader.GetInt64(2)),
        SqliteCommands.FromUnix(reader.NullableInt64(3)), reader.IsDBNull(4) ? null : (byte[])reader.GetValue(4));

    private static (string, object?)[] Parameters(WrappedKeyringKey key) =>
        [("$id", key.Id), ("$wrapped", key.Wrapped), ("$created", key.CreatedOn.Unix()), ("$activates", key.ActivatesOn.Unix()), ("$previous", key.PreviousWrapped)];
}
