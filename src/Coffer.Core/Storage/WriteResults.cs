namespace Coffer.Core.Storage;

public enum AddVersionResult
{
    Added,

    /// <summary>The name is soft-deleted: it can only be recovered or purged.</summary>
    ObjectDeleted,
}

public enum InsertObjectResult
{
    Inserted,
    NameActive,
    NameDeleted,
}
