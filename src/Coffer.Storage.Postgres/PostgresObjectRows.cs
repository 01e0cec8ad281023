using System.Text.Json;
using Coffer.Core;
using Coffer.Core.Storage;
using Npgsql;

namespace Coffer.Storage.Postgres;

/// <summary>The SQL fragments and row readers the object store's statements share.</summary>
internal static class PostgresObjectRows
{
    public const string VersionColumns =
        "v.seq, v.version, v.created, v.updated, v.enabled, v.nbf, v.exp, v.tags, v.content_type, v.material, v.properties";

    public const int VersionColumnCount = 11;

    /// <summary>Joins each object <c>o</c> to its newest version <c>v</c> (one probe of <c>versions_by_object</c>); objects without versions drop out.</summary>
    public const string LatestVersionJoin =
        "JOIN versions v ON v.seq = (SELECT max(seq) FROM versions WHERE object_id = o.id)";

    /// <summary>The object <c>o</c> named by $1 (vault), $2 (kind), $3 (name key), active.</summary>
    public const string ActiveObject = "o.vault = $1 AND o.kind = $2 AND o.name_key = $3 AND o.deleted_on IS NULL";

    public const string ActiveObjectUnaliased = "vault = $1 AND kind = $2 AND name_key = $3 AND deleted_on IS NULL";

    public const string DeletedObjectUnaliased = "vault = $1 AND kind = $2 AND name_key = $3 AND deleted_on IS NOT NULL";

    public const string ObjectUnaliased = "vault = $1 AND kind = $2 AND name_key = $3";

    /// <summary>$1, $2 and $3 of the statements above.</summary>
    public static object?[] Keys(ObjectRef obj) => [PostgresObjectStore.VaultKey(obj.Vault), (int)obj.Kind, ObjectName.Normalize(obj.Name)];

    /// <summary>Reads name, deletion (two columns), then from <paramref name="versionColumn"/> the version columns and, right after them, the policy.</summary>
    public static ObjectEntry ReadEntry(NpgsqlDataReader reader, int objectColumn, int versionColumn) =>
        new(reader.GetString(objectColumn), ReadVersion(reader, versionColumn).Version, ReadDeletion(reader, objectColumn + 1),
            reader.NullableString(versionColumn + VersionColumnCount));

    public static DeletionInfo? ReadDeletion(NpgsqlDataReader reader, int column) =>
        reader.NullableTime(column) is { } deletedOn ? new DeletionInfo(deletedOn, reader.Time(column + 1)) : null;

    public static (long Seq, ObjectVersion Version) ReadVersion(NpgsqlDataReader reader) => ReadVersion(reader, 0);

    public static (long Seq, ObjectVersion Version) ReadVersion(NpgsqlDataReader reader, int c) =>
        (reader.GetInt64(c), new ObjectVersion(
            Version: reader.GetString(c + 1),
            Created: reader.Time(c + 2),
            Updated: reader.Time(c + 3),
            Attributes: new ObjectAttributes(reader.GetBoolean(c + 4), reader.NullableTime(c + 5), reader.NullableTime(c + 6)),
            Tags: DeserializeTags(reader.NullableString(c + 7)),
            ContentType: reader.NullableString(c + 8),
            SealedMaterial: reader.GetFieldValue<byte[]>(c + 9),
            Properties: reader.NullableString(c + 10)));

    /// <summary>The values of an INSERT INTO versions, $1 the object's id.</summary>
    public static object?[] VersionValues(long objectId, ObjectVersion version) =>
    [
        objectId, version.Version, version.Created.WholeSeconds(), version.Updated.WholeSeconds(), version.Attributes.Enabled,
        version.Attributes.NotBefore.WholeSeconds(), version.Attributes.Expires.WholeSeconds(), SerializeTags(version.Tags),
        version.ContentType, version.SealedMaterial, version.Properties,
    ];

    public const string InsertVersion =
        """
        INSERT INTO versions (object_id, version, created, updated, enabled, nbf, exp, tags, content_type, material, properties)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
        """;

    public static Page<TItem> ToPage<TRow, TItem>(List<TRow> rows, int maxResults, Func<TRow, TItem> item, Func<TRow, string> position)
    {
        var more = rows.Count > maxResults;
        var items = rows.Take(maxResults).Select(item).ToList();
        return new Page<TItem>(items, more ? position(rows[maxResults - 1]) : null);
    }

    public static string? SerializeTags(IReadOnlyDictionary<string, string>? tags) =>
        tags is null ? null : JsonSerializer.Serialize(tags, PostgresJsonContext.Default.IReadOnlyDictionaryStringString);

    private static Dictionary<string, string>? DeserializeTags(string? json) =>
        json is null ? null : JsonSerializer.Deserialize(json, PostgresJsonContext.Default.DictionaryStringString);
}
