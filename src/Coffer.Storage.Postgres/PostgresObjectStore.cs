using System.Globalization;
using Coffer.Core;
using Coffer.Core.Events;
using Coffer.Core.Storage;
using Npgsql;
using static Coffer.Storage.Postgres.PostgresObjectRows;

namespace Coffer.Storage.Postgres;

/// <summary>
/// Keys, secrets and certificates with their versions. A write locks the rows of the objects it changes
/// (<c>FOR UPDATE</c>), so writers of one object take turns across nodes and versions are numbered in commit
/// order; a name two nodes create at once meets the <see cref="PostgresMigrations.ObjectNameUnique"/> constraint,
/// and the loser's transaction runs again and finds the winner's object (<see cref="PostgresDatabase.WriteAsync"/>).
/// </summary>
internal sealed partial class PostgresObjectStore(PostgresDatabase database) : IObjectStore
{
    public Task<AddVersionResult> AddVersionAsync(ObjectRef obj, ObjectVersion version, CancellationToken cancellationToken) =>
        AddVersionsAsync([(obj, version)], clearPending: false, cancellationToken);

    public Task<AddVersionResult> AddVersionsAsync(IReadOnlyList<(ObjectRef Obj, ObjectVersion Version)> versions, CancellationToken cancellationToken) =>
        AddVersionsAsync(versions, clearPending: true, cancellationToken);

    private Task<AddVersionResult> AddVersionsAsync(IReadOnlyList<(ObjectRef Obj, ObjectVersion Version)> versions, bool clearPending, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var existing = new List<(long Id, bool Deleted)?>(versions.Count);
            foreach (var (obj, _) in versions)
            {
                existing.Add(await LockAsync(connection, transaction, obj, cancellationToken));
            }

            if (existing.Any(e => e is { Deleted: true }))
            {
                return AddVersionResult.ObjectDeleted;
            }

            var ids = new List<long>(versions.Count);
            for (var i = 0; i < versions.Count; i++)
            {
                ids.Add(existing[i]?.Id ?? await InsertObjectRowAsync(connection, transaction, versions[i].Obj, null, cancellationToken));
                await connection.ExecuteAsync(InsertVersion, transaction, cancellationToken, VersionValues(ids[i], versions[i].Version));
            }

            if (clearPending)
            {
                await connection.ExecuteAsync("UPDATE objects SET pending = NULL WHERE id = $1", transaction, cancellationToken, ids[0]);
            }

            await PostgresEventStore.QueueAsync(connection, transaction, VaultEvent.NewVersion(versions[0].Obj, versions[0].Version), cancellationToken);
            await PostgresVaultChangeFeed.NotifyKeysAsync(connection, transaction, versions.Select(v => v.Obj), cancellationToken);
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
                WHERE o.vault = $1 AND o.kind = $2 AND o.deleted_on IS NULL AND o.pending IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM versions v WHERE v.object_id = o.id)
                ORDER BY o.name_key
                """,
                null, reader => (reader.GetString(0), reader.GetFieldValue<byte[]>(1)), cancellationToken, VaultKey(vault), (int)kind),
            cancellationToken);

    public Task<AddVersionResult> SetPendingAsync(ObjectRef obj, byte[]? pending, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var existing = await LockAsync(connection, transaction, obj, cancellationToken);
            if (existing is { Deleted: true })
            {
                return AddVersionResult.ObjectDeleted;
            }

            var id = existing?.Id ?? await InsertObjectRowAsync(connection, transaction, obj, null, cancellationToken);
            await connection.ExecuteAsync("UPDATE objects SET pending = $2 WHERE id = $1", transaction, cancellationToken, id, pending);
            return AddVersionResult.Added;
        }, cancellationToken);

    public Task<ObjectVersion?> GetVersionAsync(ObjectRef obj, string? version, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var rows = version is null
                ? await connection.QueryAsync($"SELECT {VersionColumns} FROM objects o {LatestVersionJoin} WHERE {ActiveObject}",
                    null, ReadVersion, cancellationToken, Keys(obj))
                : await connection.QueryAsync(
                    $"SELECT {VersionColumns} FROM objects o JOIN versions v ON v.object_id = o.id WHERE {ActiveObject} AND v.version = $4",
                    null, ReadVersion, cancellationToken, [.. Keys(obj), version]);
            return rows.Count == 0 ? null : rows[0].Version;
        }, cancellationToken);

    public Task<bool> UpdateVersionAsync(ObjectRef obj, ObjectVersion version, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var updated = await connection.ExecuteAsync(
                $"""
                UPDATE versions SET updated = $5, enabled = $6, nbf = $7, exp = $8, tags = $9, content_type = $10, properties = $11
                WHERE version = $4 AND object_id = (SELECT o.id FROM objects o WHERE {ActiveObject})
                """,
                transaction, cancellationToken,
                [.. Keys(obj), version.Version, version.Updated.WholeSeconds(), version.Attributes.Enabled, version.Attributes.NotBefore.WholeSeconds(),
                 version.Attributes.Expires.WholeSeconds(), SerializeTags(version.Tags), version.ContentType, version.Properties]) == 1;
            if (updated)
            {
                await PostgresVaultChangeFeed.NotifyKeysAsync(connection, transaction, [obj], cancellationToken);
            }

            return updated;
        }, cancellationToken);

    public Task<Page<ObjectEntry>> ListAsync(string vault, ObjectKind kind, bool deleted, PageRequest page, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync(
                $"""
                SELECT o.name, o.deleted_on, o.scheduled_purge_on, o.name_key, {VersionColumns}, o.policy
                FROM objects o {LatestVersionJoin}
                WHERE o.vault = $1 AND o.kind = $2 AND (o.deleted_on IS NOT NULL) = $3 AND o.name_key > $4
                ORDER BY o.name_key LIMIT $5
                """,
                null, reader => (Entry: ReadEntry(reader, 0, 4), Key: reader.GetString(3)), cancellationToken,
                VaultKey(vault), (int)kind, deleted, page.After ?? string.Empty, page.MaxResults + 1);
            return ToPage(rows, page.MaxResults, row => row.Entry, row => row.Key);
        }, cancellationToken);

    public Task<Page<ObjectVersion>> ListVersionsAsync(ObjectRef obj, PageRequest page, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var after = long.TryParse(page.After, NumberStyles.None, CultureInfo.InvariantCulture, out var seq) ? seq : 0;
            var rows = await connection.QueryAsync(
                $"""
                SELECT {VersionColumns} FROM objects o JOIN versions v ON v.object_id = o.id
                WHERE {ActiveObject} AND v.seq > $4 ORDER BY v.seq LIMIT $5
                """,
                null, ReadVersion, cancellationToken, [.. Keys(obj), after, page.MaxResults + 1]);
            return ToPage(rows, page.MaxResults, row => row.Version, row => row.Seq.ToString(CultureInfo.InvariantCulture));
        }, cancellationToken);

    public Task<string?> GetPolicyAsync(ObjectRef obj, CancellationToken cancellationToken) =>
        database.ReadAsync(
            async connection => (string?)await connection.ScalarAsync($"SELECT policy FROM objects WHERE {ActiveObjectUnaliased}", null, cancellationToken, Keys(obj)),
            cancellationToken);

    public Task<bool> SetPolicyAsync(ObjectRef obj, string policy, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async (connection, transaction) => await connection.ExecuteAsync(
                $"UPDATE objects SET policy = $4 WHERE {ActiveObjectUnaliased}", transaction, cancellationToken, [.. Keys(obj), policy]) == 1,
            cancellationToken);

    internal static string VaultKey(string vault) => vault.ToLowerInvariant();

    /// <summary>The object's id and state, its row locked until the transaction ends; null when the name is free.</summary>
    private static async Task<(long Id, bool Deleted)?> LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ObjectRef obj, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync($"SELECT id, deleted_on IS NOT NULL FROM objects WHERE {ObjectUnaliased} FOR UPDATE", transaction,
            reader => (reader.GetInt64(0), reader.GetBoolean(1)), cancellationToken, Keys(obj));
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>A new object row; a name another transaction took meanwhile fails it with a unique violation (and the whole write is run again).</summary>
    private static async Task<long> InsertObjectRowAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ObjectRef obj, string? policy, CancellationToken cancellationToken) =>
        (long)(await connection.ScalarAsync(
            "INSERT INTO objects (vault, kind, name_key, name, policy) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            transaction, cancellationToken, [.. Keys(obj), obj.Name, policy]))!;
}
