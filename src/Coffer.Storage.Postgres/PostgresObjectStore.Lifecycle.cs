using Coffer.Core;
using Npgsql;
using static Coffer.Storage.Postgres.PostgresObjectRows;

namespace Coffer.Storage.Postgres;

/// <summary>Soft delete, recovery and purge.</summary>
internal sealed partial class PostgresObjectStore
{
    public Task<ObjectEntry?> SoftDeleteAsync(ObjectRef obj, DeletionInfo deletion, IReadOnlyList<ObjectRef> linked, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            foreach (var target in linked.Prepend(obj))
            {
                var rows = await connection.ExecuteAsync(
                    $"UPDATE objects SET deleted_on = $4, scheduled_purge_on = $5 WHERE {ActiveObjectUnaliased}",
                    transaction, cancellationToken, [.. Keys(target), deletion.DeletedOn.WholeSeconds(), deletion.ScheduledPurgeOn.WholeSeconds()]);
                if (target == obj && rows == 0)
                {
                    return null;
                }
            }

            await PostgresVaultChangeFeed.NotifyKeysAsync(connection, transaction, linked.Prepend(obj), cancellationToken);
            return await ReadEntryAsync(connection, transaction, obj, deleted: true, cancellationToken);
        }, cancellationToken);

    public Task<ObjectEntry?> GetDeletedAsync(ObjectRef obj, CancellationToken cancellationToken) =>
        database.ReadAsync(connection => ReadEntryAsync(connection, null, obj, deleted: true, cancellationToken), cancellationToken);

    public Task<ObjectEntry?> RecoverAsync(ObjectRef obj, IReadOnlyList<ObjectRef> linked, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            foreach (var target in linked.Prepend(obj))
            {
                var rows = await connection.ExecuteAsync(
                    $"UPDATE objects SET deleted_on = NULL, scheduled_purge_on = NULL, recovers_on = NULL WHERE {DeletedObjectUnaliased}",
                    transaction, cancellationToken, Keys(target));
                if (target == obj && rows == 0)
                {
                    return null;
                }
            }

            await PostgresVaultChangeFeed.NotifyKeysAsync(connection, transaction, linked.Prepend(obj), cancellationToken);
            return await ReadEntryAsync(connection, transaction, obj, deleted: false, cancellationToken);
        }, cancellationToken);

    public Task<ObjectEntry?> ScheduleRecoveryAsync(ObjectRef obj, DateTimeOffset recoversOn, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
            await connection.ExecuteAsync(
                $"UPDATE objects SET recovers_on = coalesce(recovers_on, $4) WHERE {DeletedObjectUnaliased}",
                transaction, cancellationToken, [.. Keys(obj), recoversOn.WholeSeconds()]) == 0
                ? null
                : await ReadEntryAsync(connection, transaction, obj, deleted: true, cancellationToken),
            cancellationToken);

    public Task<IReadOnlyList<ObjectRef>> ListDueRecoveriesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<ObjectRef>>(
            async connection => await connection.QueryAsync(
                "SELECT vault, kind, name FROM objects WHERE recovers_on IS NOT NULL AND recovers_on <= $1 ORDER BY recovers_on LIMIT $2",
                null, reader => new ObjectRef(reader.GetString(0), (ObjectKind)reader.GetInt32(1), reader.GetString(2)), cancellationToken,
                now.WholeSeconds(), limit),
            cancellationToken);

    public Task<bool> PurgeAsync(ObjectRef obj, IReadOnlyList<ObjectRef> linked, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            if (await connection.ExecuteAsync($"DELETE FROM objects WHERE {DeletedObjectUnaliased}", transaction, cancellationToken, Keys(obj)) != 1)
            {
                return false;
            }

            foreach (var target in linked)
            {
                await connection.ExecuteAsync($"DELETE FROM objects WHERE {DeletedObjectUnaliased}", transaction, cancellationToken, Keys(target));
            }

            await PostgresVaultChangeFeed.NotifyKeysAsync(connection, transaction, linked.Prepend(obj), cancellationToken);
            return true;
        }, cancellationToken);

    public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(
                "DELETE FROM objects WHERE scheduled_purge_on IS NOT NULL AND scheduled_purge_on <= $1", transaction, cancellationToken, now.WholeSeconds()),
            cancellationToken);

    private static async Task<ObjectEntry?> ReadEntryAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, ObjectRef obj, bool deleted, CancellationToken cancellationToken)
    {
        var state = deleted ? "o.deleted_on IS NOT NULL" : "o.deleted_on IS NULL";
        var rows = await connection.QueryAsync(
            $"""
            SELECT o.name, o.deleted_on, o.scheduled_purge_on, o.name_key, {VersionColumns}, o.policy
            FROM objects o {LatestVersionJoin}
            WHERE o.vault = $1 AND o.kind = $2 AND o.name_key = $3 AND {state}
            """,
            transaction, reader => ReadEntry(reader, 0, 4), cancellationToken, Keys(obj));
        return rows.Count == 0 ? null : rows[0];
    }
}
