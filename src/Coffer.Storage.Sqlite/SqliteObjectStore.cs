using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Coffer.Core;
using Coffer.Core.Events;
using Coffer.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Coffer.Storage.Sqlite;

public sealed class SqliteObjectStore(SqliteDatabase database) : IObjectStore
{
    private const string VersionColumns =
        "v.seq, v.version, v.created, v.updated, v.enabled, v.nbf, v.exp, v.tags, v.content_type, v.material, v.properties";

    private const int VersionColumnCount = 11;

    private const string LatestVersionJoin =
        "JOIN versions v ON v.seq = (SELECT MAX(seq) FROM versions WHERE object_id = o.id)";

    private const string FindObject =
        "SELECT id, deleted_on FROM objects WHERE vault = $vault AND kind = $kind AND name_key = $key";

    public Task<AddVersionResult> AddVersionAsync(ObjectRef obj, ObjectVersion version, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var existing = await FindAsync(connection, transaction, obj, cancellationToken);
            if (existing is { DeletedOn: not null })
            {
                return AddVersionResult.ObjectDeleted;
            }

            var objectId = existing?.Id ?? await InsertObjectRowAsync(connection, transaction, obj, cancellationToken);
            await InsertVersionAsync(connection, transaction, objectId, version, cancellationToken);
            await SqliteEventStore.QueueAsync(connection, transaction, VaultEvent.NewVersion(obj, version), cancellationToken);
            return AddVersionResult.Added;
        }, cancellationToken);

    public Task<AddVersionResult> AddVersionsAsync(IReadOnlyList<(ObjectRef Obj, ObjectVersion Version)> versions, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var existing = new List<(long Id, long? DeletedOn)?>();
            foreach (var (obj, _) in versions)
            {
                existing.Add(await FindAsync(connection, transaction, obj, cancellationToken));
            }

            if (existing.Any(e => e is { DeletedOn: not null }))
            {
                return AddVersionResult.ObjectDeleted;
            }

            var ids = new List<long>();
            for (var i = 0; i < versions.Count; i++)
            {
                ids.Add(existing[i]?.Id ?? await InsertObjectRowAsync(connection, transaction, versions[i].Obj, cancellationToken));
                await InsertVersionAsync(connection, transaction, ids[i], versions[i].Version, cancellationToken);
            }

            await connection.ExecuteAsync("UPDATE objects SET pending = NULL WHERE id = $id", transaction, cancellationToken, ("$id", ids[0]));
            await SqliteEventStore.QueueAsync(connection, transaction, VaultEvent.NewVersion(versions[0].Obj, versions[0].Version), cancellationToken);
            return AddVersionResult.Added;
        }, cancellationToken);

    public Task<byte[]?> GetPendingAsync(ObjectRef obj, CancellationToken cancellationToken) =>
        database.ReadAsync(
            async connection => (byte[]?)await connection.ScalarAsync($"SELECT pending FROM objects WHERE {ActiveObjectUnaliased}", null, cancellationToken, Keys(obj)),
            cancellationToken);

    public Task<IReadOnlyList<(string Name, byte[] Pending)>> ListPendingOnlyAsync(string vault, ObjectKind kind, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<(string Name, byte[] Pending)>>(
            async connection => await connection.QueryAsync(
                """
                SELECT o.name, o.pending FROM objects o
                WHERE o.vault = $vault AND o.kind = $kind AND o.deleted_on IS NULL AND o.pending IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM versions v WHERE v.object_id = o.id)
                ORDER BY o.name_key
                """,
                null, reader => (reader.GetString(0), (byte[])reader.GetValue(1)), cancellationToken,
                ("$vault", VaultKey(vault)), ("$kind", (int)kind)),
            cancellationToken);

    public Task<AddVersionResult> SetPendingAsync(ObjectRef obj, byte[]? pending, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var existing = await FindAsync(connection, transaction, obj, cancellationToken);
            if (existing is { DeletedOn: not null })
            {
                return AddVersionResult.ObjectDeleted;
            }

            var id = existing?.Id ?? await InsertObjectRowAsync(connection, transaction, obj, cancellationToken);
            await connection.ExecuteAsync("UPDATE objects SET pending = $pending WHERE id = $id", transaction, cancellationToken, ("$id", id), ("$pending", pending));
            return AddVersionResult.Added;
        }, cancellationToken);

    public Task<ObjectVersion?> GetVersionAsync(ObjectRef obj, string? version, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var sql = version is null
                ? $"SELECT {VersionColumns} FROM objects o {LatestVersionJoin} WHERE {ActiveObject}"
                : $"SELECT {VersionColumns} FROM objects o JOIN versions v ON v.object_id = o.id WHERE {ActiveObject} AND v.version = $version";
            var rows = await connection.QueryAsync(sql, null, ReadVersion, cancellationToken, [.. Keys(obj), ("$version", version)]);
            return rows.Count == 0 ? null : rows[0].Version;
        }, cancellationToken);

    public Task<bool> UpdateVersionAsync(ObjectRef obj, ObjectVersion version, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var changed = await connection.ExecuteAsync(
                $"""
                UPDATE versions SET updated = $updated, enabled = $enabled, nbf = $nbf, exp = $exp, tags = $tags,
                    content_type = $contentType, properties = $properties
                WHERE version = $version AND object_id = (SELECT o.id FROM objects o WHERE {ActiveObject})
                """,
                transaction, cancellationToken,
                [.. Keys(obj), ("$version", version.Version), ("$updated", version.Updated.Unix()),
                 ("$enabled", version.Attributes.Enabled), ("$nbf", version.Attributes.NotBefore.Unix()),
                 ("$exp", version.Attributes.Expires.Unix()), ("$tags", SerializeTags(version.Tags)),
                 ("$contentType", version.ContentType), ("$properties", version.Properties)]);
            return changed == 1;
        }, cancellationToken);

    public Task<Page<ObjectEntry>> ListAsync(string vault, ObjectKind kind, bool deleted, PageRequest page, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync(
                $"""
                SELECT o.name, o.deleted_on, o.scheduled_purge_on, o.name_key, {VersionColumns}, o.policy
                FROM objects o {LatestVersionJoin}
                WHERE o.vault = $vault AND o.kind = $kind AND (o.deleted_on IS NOT NULL) = $deleted AND o.name_key > $after
                ORDER BY o.name_key LIMIT $limit
                """,
                null, reader => (Entry: ReadEntry(reader, 0, 4), Key: reader.GetString(3)), cancellationToken,
                ("$vault", VaultKey(vault)), ("$kind", (int)kind), ("$deleted", deleted),
                ("$after", page.After ?? string.Empty), ("$limit", page.MaxResults + 1));
            return ToPage(rows, page.MaxResults, row => row.Entry, row => row.Key);
        }, cancellationToken);

    public Task<Page<ObjectVersion>> ListVersionsAsync(ObjectRef obj, PageRequest page, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var after = long.TryParse(page.After, NumberStyles.None, CultureInfo.InvariantCulture, out var seq) ? seq : 0;
            var rows = await connection.QueryAsync(
                $"""
                SELECT {VersionColumns} FROM objects o JOIN versions v ON v.object_id = o.id
                WHERE {ActiveObject} AND v.seq > $after ORDER BY v.seq LIMIT $limit
                """,
                null, ReadVersion, cancellationToken,
                [.. Keys(obj), ("$after", after), ("$limit", page.MaxResults + 1)]);
            return ToPage(rows, page.MaxResults, row => row.Version, row => row.Seq.ToString(CultureInfo.InvariantCulture));
        }, cancellationToken);

    public Task<ObjectEntry?> SoftDeleteAsync(ObjectRef obj, DeletionInfo deletion, IReadOnlyList<ObjectRef> linked, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            foreach (var target in linked.Prepend(obj))
            {
                var rows = await connection.ExecuteAsync(
                    $"UPDATE objects SET deleted_on = $deletedOn, scheduled_purge_on = $purgeOn WHERE {ActiveObjectUnaliased}",
                    transaction, cancellationToken,
                    [.. Keys(target), ("$deletedOn", deletion.DeletedOn.Unix()), ("$purgeOn", deletion.ScheduledPurgeOn.Unix())]);
                if (target == obj && rows == 0)
                {
                    return null;
                }
            }

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

            return await ReadEntryAsync(connection, transaction, obj, deleted: false, cancellationToken);
        }, cancellationToken);

    public Task<ObjectEntry?> ScheduleRecoveryAsync(ObjectRef obj, DateTimeOffset recoversOn, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
            await connection.ExecuteAsync(
                $"UPDATE objects SET recovers_on = coalesce(recovers_on, $recoversOn) WHERE {DeletedObjectUnaliased}",
                transaction, cancellationToken, [.. Keys(obj), ("$recoversOn", recoversOn.Unix())]) == 0
                ? null
                : await ReadEntryAsync(connection, transaction, obj, deleted: true, cancellationToken),
            cancellationToken);

    public Task<IReadOnlyList<ObjectRef>> ListDueRecoveriesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<ObjectRef>>(
            async connection => await connection.QueryAsync(
                "SELECT vault, kind, name FROM objects WHERE recovers_on IS NOT NULL AND recovers_on <= $now ORDER BY recovers_on LIMIT $limit",
                null, reader => new ObjectRef(reader.GetString(0), (ObjectKind)reader.GetInt32(1), reader.GetString(2)), cancellationToken,
                ("$now", now.Unix()), ("$limit", limit)),
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

            return true;
        }, cancellationToken);

    public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(
                "DELETE FROM objects WHERE scheduled_purge_on IS NOT NULL AND scheduled_purge_on <= $now",
                transaction, cancellationToken, ("$now", now.Unix())),
            cancellationToken);

    public async Task<VaultObject?> ReadObjectAsync(ObjectRef obj, CancellationToken cancellationToken) =>
        (await ReadObjectsAsync([obj], cancellationToken))[0];

    /// <remarks>
    /// One statement per object, the object's row joined to its versions: a single statement reads one
    /// snapshot, so one object needs no explicit transaction; several share one, so they agree.
    /// </remarks>
    public Task<IReadOnlyList<VaultObject?>> ReadObjectsAsync(IReadOnlyList<ObjectRef> objects, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<VaultObject?>>(async connection =>
        {
            await using var transaction = objects.Count > 1 ? connection.BeginTransaction(deferred: true) : null;
            var result = new List<VaultObject?>(objects.Count);
            foreach (var obj in objects)
            {
                result.Add(await ReadObjectAsync(connection, transaction, obj, cancellationToken));
            }

            return result;
        }, cancellationToken);

    private static async Task<VaultObject?> ReadObjectAsync(SqliteConnection connection, SqliteTransaction? transaction, ObjectRef obj, CancellationToken cancellationToken)
    {
        (string Name, DeletionInfo? Deletion, string? Policy)? head = null; // the object's columns, read from its first row only
        var versions = await connection.QueryAsync(
            $"SELECT o.name, o.deleted_on, o.scheduled_purge_on, o.policy, {VersionColumns} FROM objects o LEFT JOIN versions v ON v.object_id = o.id " +
            "WHERE o.vault = $vault AND o.kind = $kind AND o.name_key = $key ORDER BY v.seq",
            transaction, reader =>
            {
                head ??= (reader.GetString(0), ReadDeletion(reader, 1), reader.NullableString(3));
                return reader.IsDBNull(4) ? null : ReadVersion(reader, 4).Version;
            },
            cancellationToken, Keys(obj));
        return head is { } h ? new VaultObject(obj.Kind, h.Name, h.Deletion, [.. versions.OfType<ObjectVersion>()], h.Policy) : null;
    }

    public Task<InsertObjectResult> InsertObjectsAsync(IReadOnlyList<ObjectInsert> objects, CancellationToken cancellationToken) =>
        InsertObjectsAsync(objects, replaceDeleted: false, cancellationToken);

    public Task<InsertObjectResult> ReplaceDeletedObjectsAsync(IReadOnlyList<ObjectInsert> objects, CancellationToken cancellationToken) =>
        InsertObjectsAsync(objects, replaceDeleted: true, cancellationToken);

    private Task<InsertObjectResult> InsertObjectsAsync(IReadOnlyList<ObjectInsert> objects, bool replaceDeleted, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var deleted = new List<long>();
            foreach (var insert in objects)
            {
                if (await FindAsync(connection, transaction, insert.Obj, cancellationToken) is { } existing)
                {
                    if (existing.DeletedOn is null)
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
                await connection.ExecuteAsync("DELETE FROM objects WHERE id = $id", transaction, cancellationToken, ("$id", id));
            }

            foreach (var insert in objects)
            {
                var objectId = await InsertObjectRowAsync(connection, transaction, insert.Obj, cancellationToken, insert.Policy);
                foreach (var version in insert.Versions)
                {
                    await InsertVersionAsync(connection, transaction, objectId, version, cancellationToken);
                }
            }

            return InsertObjectResult.Inserted;
        }, cancellationToken);

    public Task<string?> GetPolicyAsync(ObjectRef obj, CancellationToken cancellationToken) =>
        database.ReadAsync(
            async connection => (string?)await connection.ScalarAsync($"SELECT policy FROM objects WHERE {ActiveObjectUnaliased}", null, cancellationToken, Keys(obj)),
            cancellationToken);

    public Task<bool> SetPolicyAsync(ObjectRef obj, string policy, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async (connection, transaction) => await connection.ExecuteAsync(
                $"UPDATE objects SET policy = $policy WHERE {ActiveObjectUnaliased}", transaction, cancellationToken,
                [.. Keys(obj), ("$policy", policy)]) == 1,
            cancellationToken);

    /// <remarks>
    /// Streams: one reader walks the objects while each object's versions are read beside it (one prepared
    /// statement, re-bound per object), all in one deferred transaction, so memory holds one object however
    /// large the vault.
    /// </remarks>
    public async IAsyncEnumerable<VaultObject> ReadVaultAsync(string vault, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        await using var command = connection.Command(
            "SELECT id, kind, name, policy FROM objects WHERE vault = $vault AND deleted_on IS NULL ORDER BY name_key, kind",
            transaction, ("$vault", VaultKey(vault)));
        await using var versionsOf = connection.Command($"SELECT {VersionColumns} FROM versions v WHERE v.object_id = $id ORDER BY v.seq", transaction, ("$id", 0L));
        await using var objects = await command.ExecuteReaderAsync(cancellationToken);
        while (await objects.ReadAsync(cancellationToken))
        {
            versionsOf.Parameters[0].Value = objects.GetInt64(0);
            var versions = new List<ObjectVersion>();
            await using (var rows = await versionsOf.ExecuteReaderAsync(cancellationToken))
            {
                while (await rows.ReadAsync(cancellationToken))
                {
                    versions.Add(ReadVersion(rows).Version);
                }
            }

            yield return new VaultObject((ObjectKind)objects.GetInt32(1), objects.GetString(2), null, versions, objects.NullableString(3));
        }
    }

    private const string ActiveObject = "o.vault = $vault AND o.kind = $kind AND o.name_key = $key AND o.deleted_on IS NULL";
    private const string ActiveObjectUnaliased = "vault = $vault AND kind = $kind AND name_key = $key AND deleted_on IS NULL";
    private const string DeletedObjectUnaliased = "vault = $vault AND kind = $kind AND name_key = $key AND deleted_on IS NOT NULL";

    private static (string, object?)[] Keys(ObjectRef obj) =>
        [("$vault", VaultKey(obj.Vault)), ("$kind", (int)obj.Kind), ("$key", ObjectName.Normalize(obj.Name))];

    internal static string VaultKey(string vault) => vault.ToLowerInvariant();

    private static async Task<(long Id, long? DeletedOn)?> FindAsync(SqliteConnection connection, SqliteTransaction transaction, ObjectRef obj, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync(FindObject, transaction,
            reader => (reader.GetInt64(0), reader.NullableInt64(1)), cancellationToken, Keys(obj));
        return rows.Count == 0 ? null : rows[0];
    }

    private static async Task<long> InsertObjectRowAsync(SqliteConnection connection, SqliteTransaction transaction, ObjectRef obj, CancellationToken cancellationToken, string? policy = null) =>
        (long)(await connection.ScalarAsync(
            "INSERT INTO objects (vault, kind, name_key, name, policy) VALUES ($vault, $kind, $key, $name, $policy) RETURNING id",
            transaction, cancellationToken, [.. Keys(obj), ("$name", obj.Name), ("$policy", policy)]))!;

    private static Task<int> InsertVersionAsync(SqliteConnection connection, SqliteTransaction transaction, long objectId, ObjectVersion version, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(
            """
            INSERT INTO versions (object_id, version, created, updated, enabled, nbf, exp, tags, content_type, material, properties)
            VALUES ($objectId, $version, $created, $updated, $enabled, $nbf, $exp, $tags, $contentType, $material, $properties)
            """,
            transaction, cancellationToken,
            ("$objectId", objectId), ("$version", version.Version), ("$created", version.Created.Unix()),
            ("$updated", version.Updated.Unix()), ("$enabled", version.Attributes.Enabled),
            ("$nbf", version.Attributes.NotBefore.Unix()), ("$exp", version.Attributes.Expires.Unix()),
            ("$tags", SerializeTags(version.Tags)), ("$contentType", version.ContentType),
            ("$material", version.SealedMaterial), ("$properties", version.Properties));

    private static async Task<ObjectEntry?> ReadEntryAsync(SqliteConnection connection, SqliteTransaction? transaction, ObjectRef obj, bool deleted, CancellationToken cancellationToken)
    {
        var state = deleted ? "o.deleted_on IS NOT NULL" : "o.deleted_on IS NULL";
        var rows = await connection.QueryAsync(
            $"""
            SELECT o.name, o.deleted_on, o.scheduled_purge_on, o.name_key, {VersionColumns}, o.policy
            FROM objects o {LatestVersionJoin}
            WHERE o.vault = $vault AND o.kind = $kind AND o.name_key = $key AND {state}
            """,
            transaction, reader => ReadEntry(reader, 0, 4), cancellationToken, Keys(obj));
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Reads name, deletion, the version columns and, right after them, the object's policy.</summary>
    private static ObjectEntry ReadEntry(SqliteDataReader reader, int objectColumn, int versionColumn) =>
        new(reader.GetString(objectColumn), ReadVersion(reader, versionColumn).Version, ReadDeletion(reader, objectColumn + 1),
            reader.NullableString(versionColumn + VersionColumnCount));

    private static DeletionInfo? ReadDeletion(SqliteDataReader reader, int column) =>
        reader.NullableInt64(column) is { } deletedOn
            ? new DeletionInfo(SqliteCommands.FromUnix(deletedOn), SqliteCommands.FromUnix(reader.GetInt64(column + 1)))
            : null;

    private static (long Seq, ObjectVersion Version) ReadVersion(SqliteDataReader reader) => ReadVersion(reader, 0);

    private static (long Seq, ObjectVersion Version) ReadVersion(SqliteDataReader reader, int c) =>
        (reader.GetInt64(c), new ObjectVersion(
            Version: reader.GetString(c + 1),
            Created: SqliteCommands.FromUnix(reader.GetInt64(c + 2)),
            Updated: SqliteCommands.FromUnix(reader.GetInt64(c + 3)),
            Attributes: new ObjectAttributes(
                reader.GetBoolean(c + 4),
                SqliteCommands.FromUnix(reader.NullableInt64(c + 5)),
                SqliteCommands.FromUnix(reader.NullableInt64(c + 6))),
            Tags: DeserializeTags(reader.NullableString(c + 7)),
            ContentType: reader.NullableString(c + 8),
            SealedMaterial: (byte[])reader.GetValue(c + 9),
            Properties: reader.NullableString(c + 10)));

    private static Page<TItem> ToPage<TRow, TItem>(List<TRow> rows, int maxResults, Func<TRow, TItem> item, Func<TRow, string> position)
    {
        var more = rows.Count > maxResults;
        var items = rows.Take(maxResults).Select(item).ToList();
        return new Page<TItem>(items, more ? position(rows[maxResults - 1]) : null);
    }

    private static string? SerializeTags(IReadOnlyDictionary<string, string>? tags) =>
        tags is null ? null : JsonSerializer.Serialize(tags, SqliteJsonContext.Default.IReadOnlyDictionaryStringString);

    private static Dictionary<string, string>? DeserializeTags(string? json) =>
        json is null ? null : JsonSerializer.Deserialize(json, SqliteJsonContext.Default.DictionaryStringString);
}
