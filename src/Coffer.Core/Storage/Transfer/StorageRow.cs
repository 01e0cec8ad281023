namespace Coffer.Core.Storage.Transfer;

/// <summary>
/// One row of a Coffer database exactly as stored — ids, times, sealed bytes and all — for copying a database from one
/// provider to another. Each table has its own row type; none is a domain object, so nothing is opened or normalised.
/// </summary>
public abstract record StorageRow
{
    private protected StorageRow()
    {
    }

    public abstract StorageTable Table { get; }

    /// <summary>Feeds every column, in a fixed order, to a comparison digest.</summary>
    internal abstract void AddTo(RowDigest digest);
}
