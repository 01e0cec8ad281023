namespace Coffer.Core.Storage.Transfer;

/// <summary>
/// A version of object <see cref="ObjectId"/>: <see cref="Seq"/> orders the versions of the whole database (newest is
/// highest), <see cref="Material"/> is sealed, <see cref="Tags"/> and <see cref="Properties"/> are the stored JSON.
/// </summary>
public sealed record VersionRow(
    long Seq,
    long ObjectId,
    string Version,
    DateTimeOffset Created,
    DateTimeOffset Updated,
    bool Enabled,
    DateTimeOffset? NotBefore,
    DateTimeOffset? Expires,
    string? Tags,
    string? ContentType,
    byte[] Material,
    string? Properties) : StorageRow
{
    public override StorageTable Table => StorageTable.Versions;

    internal override void AddTo(RowDigest digest) =>
        digest.Add(Seq).Add(ObjectId).Add(Version).Add(Created).Add(Updated).Add(Enabled).Add(NotBefore).Add(Expires)
            .Add(Tags).Add(ContentType).Add(Material).Add(Properties);
}
