namespace Coffer.Core.Storage.Transfer;

/// <summary>An import was refused because the target database already holds rows; nothing was written.</summary>
public sealed class StorageNotEmptyException(IReadOnlyList<StorageTable> occupied)
    : Exception($"The target database is not empty: it holds {string.Join(", ", occupied.Select(t => t.Label()))}.")
{
    /// <summary>The tables that hold at least one row.</summary>
    public IReadOnlyList<StorageTable> Occupied { get; } = occupied;
}
