namespace Coffer.Core.Storage.Transfer;

/// <summary>
/// Two databases read through <see cref="IStorageTransfer.ExportAsync"/> side by side: per table, and per kind of object
/// and version, the number of rows and a digest of every column of every row (<see cref="RowDigest"/>), so equal lines
/// mean equal rows, in the same order, column by column.
/// </summary>
public sealed record StorageComparison(IReadOnlyList<StorageComparisonLine> Lines)
{
    public bool Equal => Lines.All(line => line.Equal);

    public static async Task<StorageComparison> CompareAsync(IStorageTransfer source, IStorageTransfer target, CancellationToken cancellationToken)
    {
        using var left = new StorageTally();
        using var right = new StorageTally();
        await Task.WhenAll(left.ReadAsync(source, cancellationToken), right.ReadAsync(target, cancellationToken));
        var a = left.Finish();
        var b = right.Finish();
        return new StorageComparison(a.Select((line, i) => new StorageComparisonLine(line.What, line.Rows, b[i].Rows, line.Digest, b[i].Digest)).ToList());
    }
}
