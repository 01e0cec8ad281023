using System.Runtime.CompilerServices;
using Coffer.Core;
using Coffer.Core.Storage;
using Npgsql;
using static Coffer.Storage.Postgres.PostgresObjectRows;

namespace Coffer.Storage.Postgres;

/// <summary>Whole objects with every version: read for backup, inserted by restore, a whole vault streamed.</summary>
internal sealed partial class PostgresObjectStore
{
    // Versions of a restore go to the server in batches of this many INSERTs: one round trip each, not one per version.
    private const int VersionBatchSize = 256;

    private const string ObjectWithVersions =
        $"""
        SELECT o.name, o.deleted_on, o.scheduled_purge_on, o.policy, {VersionColumns}
        FROM objects o LEFT JOIN versions v ON v.object_id = o.id
        WHERE o.vault = $1 AND o.kind = $2 AND o.name_key = $3 ORDER BY v.seq
        """;

    public async Task<VaultObject?> ReadObjectAsync(ObjectRef obj, CancellationToken cancellationToken) =>
        (await ReadObjectsAsync([obj], cancellationToken))[0];

    /// <remarks>One statement per object; several share one snapshot, so they agree.</remarks>
    public Task<IReadOnlyList<VaultObject?>> ReadObjectsAsync(IReadOnlyList<ObjectRef> objects, CancellationToken cancellationToken) =>
        objects.Count == 1
            ? database.ReadAsync<IReadOnlyList<VaultObject?>>(async connection => [await ReadObjectAsync(connection, null, objects[0], cancellationToken)], cancellationToken)
            : database.ReadSnapshotAsync<IReadOnlyList<VaultObject?>>(async (connection, transaction) =>
            {
                var result = new List<VaultObject?>(objects.Count);
                foreach (var obj in objects)
                {
                    result.Add(await ReadObjectAsync(connection, transaction, obj, cancellationToken));
                }

                return result;
            }, cancellationToken);

    private static async Task<VaultObject?> ReadObjectAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, ObjectRef obj, CancellationToken cancellationToken)
    {
        (string Name, DeletionInfo? Deletion, string? Policy)? head = null; // the object's columns, read from its first row only
        var versions = await connection.QueryAsync(ObjectWithVersions, transaction, reader =>
        {
            head ??= (reader.GetString(0), ReadDeletion(reader, 1), reader.NullableString(3));
            return reader.IsDBNull(4) ? null : ReadVersion(reader, 4).Version;
        }, cancellationToken, Keys(obj));
        return head is { } h ? new VaultObject(obj.Kind, h.Name, h.Deletion, [.. versions.OfType<ObjectVersion>()], h.Policy) : null;
    }

    public Task<InsertObjectResult> InsertObjectsAsync(IReadOnlyList<ObjectInsert> objects, CancellationToken cancellationToken) =>
        InsertObjectsAsync(objects, replaceDeleted: false, cancellationToken);

    public Task<InsertObjectResult> ReplaceDeletedObjectsAsync(IReadOnlyList<ObjectInsert> objects, CancellationToken cancellationToken) =>
        InsertObjectsAsync(objects, replaceDeleted: true, cancellationToken);

    /// <remarks>
    /// Two restores of one name at once: both find the name free, both insert its row, and the unique constraint
    /// makes the second wait for the first; once that commits the second fails, runs again, finds the name taken
    /// and answers as a restore onto an existing name does. So exactly one restore of a name succeeds.
    /// </remarks>
    private Task<InsertObjectResult> InsertObjectsAsync(IReadOnlyList<ObjectInsert> objects, bool replaceDeleted, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var deleted = new List<long>();
            foreach (var insert in objects)
            {
                if (await LockAsync(connection, transaction, insert.Obj, cancellationToken) is { } existing)
                {
                    if (!existing.Deleted)
                    {
                        return InsertObjectResult.NameActive;
                    }

                    if (!replaceDeleted)
                    {
                        return InsertObjectResult.NameDeleted;
                    }

                    deleted.Add(existing.Id);
                }
            }

            foreach (var id in deleted)
            {
                await connection.ExecuteAsync("DELETE FROM objects WHERE id = $1", transaction, cancellationToken, id);
            }

            foreach (var insert in objects)
            {
                var objectId = await InsertObjectRowAsync(connection, transaction, insert.Obj, insert.Policy, cancellationToken);
                foreach (var chunk in insert.Versions.Chunk(VersionBatchSize))
                {
                    await using var batch = new NpgsqlBatch(connection, transaction);
                    foreach (var version in chunk)
                    {
                        batch.BatchCommands.Add(PostgresCommands.BatchCommand(InsertVersion, VersionValues(objectId, version)));
                    }

                    await batch.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            await PostgresVaultChangeFeed.NotifyKeysAsync(connection, transaction, objects.Select(o => o.Obj), cancellationToken);
            return InsertObjectResult.Inserted;
        }, cancellationToken);

    /// <remarks>
    /// One statement, its rows read as they arrive: every active object of the vault joined to its versions and
    /// ordered by object, so one snapshot covers the vault and memory holds one object however large the vault.
    /// </remarks>
    public async IAsyncEnumerable<VaultObject> ReadVaultAsync(string vault, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(
            $"""
            SELECT o.id, o.kind, o.name, o.policy, {VersionColumns}
            FROM objects o LEFT JOIN versions v ON v.object_id = o.id
            WHERE o.vault = $1 AND o.deleted_on IS NULL
            ORDER BY o.name_key, o.kind, v.seq
            """,
            null, VaultKey(vault));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        (long Id, ObjectKind Kind, string Name, string? Policy)? current = null;
        var versions = new List<ObjectVersion>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetInt64(0);
            if (current is { } previous && previous.Id != id)
            {
                yield return new VaultObject(previous.Kind, previous.Name, null, versions, previous.Policy);
                versions = [];
            }

            current = (id, (ObjectKind)reader.GetInt32(1), reader.GetString(2), reader.NullableString(3));
            if (!reader.IsDBNull(4))
            {
                versions.Add(ReadVersion(reader, 4).Version);
            }
        }

        if (current is { } last)
        {
            yield return new VaultObject(last.Kind, last.Name, null, versions, last.Policy);
        }
    }
}
