namespace Coffer.Core.Storage.Transfer;

/// <summary>
/// Counts and digests one database's rows as they stream past: per table, and the objects and versions of each kind,
/// soft-deleted objects and objects with a certificate operation (pending or done) apart. Keeps each object's kind (not its versions) to sort versions.
/// </summary>
internal sealed class StorageTally : IDisposable
{
    private static readonly ObjectKind[] Kinds = [ObjectKind.Key, ObjectKind.Secret, ObjectKind.Certificate];

    private readonly Dictionary<StorageTable, RowDigest> _tables = Enum.GetValues<StorageTable>().ToDictionary(t => t, _ => new RowDigest());
    private readonly Dictionary<ObjectKind, RowDigest> _objects = Kinds.ToDictionary(k => k, _ => new RowDigest());
    private readonly Dictionary<ObjectKind, RowDigest> _versions = Kinds.ToDictionary(k => k, _ => new RowDigest());
    private readonly RowDigest _deleted = new();
    private readonly RowDigest _pending = new();
    private readonly Dictionary<long, ObjectKind> _kindOf = [];

    public async Task ReadAsync(IStorageTransfer storage, CancellationToken cancellationToken)
    {
        await foreach (var row in storage.ExportAsync(cancellationToken))
        {
            _tables[row.Table].AddRow(row);
            switch (row)
            {
                case ObjectRow o:
                    _kindOf[o.Id] = o.Kind;
                    _objects[o.Kind].AddRow(o);
                    if (o.DeletedOn is not null)
                    {
                        _deleted.AddRow(o);
                    }

                    if (o.Pending is not null)
                    {
                        _pending.AddRow(o);
                    }

                    break;
                case VersionRow v when _kindOf.TryGetValue(v.ObjectId, out var kind):
                    _versions[kind].AddRow(v);
                    break;
            }
        }
    }

    /// <summary>The lines in report order: each table, the objects and versions broken down after their table.</summary>
    public List<(string What, long Rows, string Digest)> Finish()
    {
        var lines = new List<(string What, long Rows, string Digest)>();
        foreach (var (table, digest) in _tables.OrderBy(t => t.Key))
        {
            lines.Add((table.Label(), digest.Rows, digest.Finish()));
            if (table == StorageTable.Objects)
            {
                lines.AddRange(Kinds.Select(k => ($"  {k.Collection()}", _objects[k].Rows, _objects[k].Finish())));
                lines.Add(("  soft-deleted", _deleted.Rows, _deleted.Finish()));
                lines.Add(("  certificate operations", _pending.Rows, _pending.Finish()));
            }
            else if (table == StorageTable.Versions)
            {
                lines.AddRange(Kinds.Select(k => ($"  of {k.Collection()}", _versions[k].Rows, _versions[k].Finish())));
            }
        }

        return lines;
    }

    public void Dispose()
    {
        foreach (var digest in _tables.Values.Concat(_objects.Values).Concat(_versions.Values).Append(_deleted).Append(_pending))
        {
            digest.Dispose();
        }
    }
}
