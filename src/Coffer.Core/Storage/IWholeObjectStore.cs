namespace Coffer.Core.Storage;

/// <summary>Whole objects with every version, for backup and restore: read one, several or a whole vault at one point in time; insert whole objects atomically, failing on a name clash. Every method is one whole operation and one transaction.</summary>
public interface IWholeObjectStore
{
    /// <summary>An active or deleted object with every version, oldest first.</summary>
    Task<VaultObject?> ReadObjectAsync(ObjectRef obj, CancellationToken cancellationToken);

    /// <summary>Several objects (a certificate with its key and secret) read in one transaction; null where one is missing.</summary>
    Task<IReadOnlyList<VaultObject?>> ReadObjectsAsync(IReadOnlyList<ObjectRef> objects, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts whole objects with all their versions and policies in one transaction, failing — and
    /// writing nothing — when any name is taken (active or soft-deleted).
    /// </summary>
    Task<InsertObjectResult> InsertObjectsAsync(IReadOnlyList<ObjectInsert> objects, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="InsertObjectsAsync"/>, but a soft-deleted object of one of the names is purged first, in
    /// the same transaction; fails — writing nothing — when any name is active.
    /// </summary>
    Task<InsertObjectResult> ReplaceDeletedObjectsAsync(IReadOnlyList<ObjectInsert> objects, CancellationToken cancellationToken);

    /// <summary>
    /// Every active object of a vault as of one point in time (one read transaction), one at a time, ordered
    /// by name and then kind (key, secret, certificate), so a certificate comes right after its key and secret.
    /// </summary>
    IAsyncEnumerable<VaultObject> ReadVaultAsync(string vault, CancellationToken cancellationToken);
}
