namespace Coffer.Core.Storage;

/// <summary>
/// Keys, secrets and certificates with their versions. Every method is one whole operation and one
/// transaction. Reads of active objects never see soft-deleted ones and vice versa.
/// </summary>
public interface IObjectStore
{
    /// <summary>Adds a version, creating the object when the name is new.</summary>
    Task<AddVersionResult> AddVersionAsync(ObjectRef obj, ObjectVersion version, CancellationToken cancellationToken);

    /// <summary>
    /// Adds versions to several objects in one transaction (a certificate version with its key and
    /// secret), or none when any of them is soft-deleted. Clears the first object's pending operation.
    /// </summary>
    Task<AddVersionResult> AddVersionsAsync(IReadOnlyList<(ObjectRef Obj, ObjectVersion Version)> versions, CancellationToken cancellationToken);

    /// <summary>The sealed pending operation of an active object (a certificate being issued), or null.</summary>
    Task<byte[]?> GetPendingAsync(ObjectRef obj, CancellationToken cancellationToken);

    /// <summary>Active objects of a kind that have a pending operation and no version yet, by name.</summary>
    Task<IReadOnlyList<(string Name, byte[] Pending)>> ListPendingOnlyAsync(string vault, ObjectKind kind, CancellationToken cancellationToken);

    /// <summary>Sets (or with null clears) the pending operation, creating the object without versions when new.</summary>
    Task<AddVersionResult> SetPendingAsync(ObjectRef obj, byte[]? pending, CancellationToken cancellationToken);

    /// <summary>The given version, or the latest when <paramref name="version"/> is null, of an active object.</summary>
    Task<ObjectVersion?> GetVersionAsync(ObjectRef obj, string? version, CancellationToken cancellationToken);

    /// <summary>Replaces the attributes, tags, content type, properties and updated time of an existing version.</summary>
    Task<bool> UpdateVersionAsync(ObjectRef obj, ObjectVersion version, CancellationToken cancellationToken);

    /// <summary>Active (or, with <paramref name="deleted"/>, soft-deleted) objects of a kind, by name.</summary>
    Task<Page<ObjectEntry>> ListAsync(string vault, ObjectKind kind, bool deleted, PageRequest page, CancellationToken cancellationToken);

    /// <summary>Every version of an active object, oldest first.</summary>
    Task<Page<ObjectVersion>> ListVersionsAsync(ObjectRef obj, PageRequest page, CancellationToken cancellationToken);

    /// <summary>Soft-deletes an active object; null when there is none.</summary>
    /// <remarks><paramref name="linked"/> objects (a certificate's key and secret) that are active go with it.</remarks>
    Task<ObjectEntry?> SoftDeleteAsync(ObjectRef obj, DeletionInfo deletion, IReadOnlyList<ObjectRef> linked, CancellationToken cancellationToken);

    Task<ObjectEntry?> GetDeletedAsync(ObjectRef obj, CancellationToken cancellationToken);

    /// <summary>Makes a soft-deleted object active again; null when there is none.</summary>
    Task<ObjectEntry?> RecoverAsync(ObjectRef obj, IReadOnlyList<ObjectRef> linked, CancellationToken cancellationToken);

    /// <summary>Removes a soft-deleted object and all its versions for good.</summary>
    Task<bool> PurgeAsync(ObjectRef obj, IReadOnlyList<ObjectRef> linked, CancellationToken cancellationToken);

    /// <summary>Purges every soft-deleted object whose scheduled purge date is at or before <paramref name="now"/>.</summary>
    Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);

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

    /// <summary>The object-level policy of an active object; null when it has none or does not exist.</summary>
    Task<string?> GetPolicyAsync(ObjectRef obj, CancellationToken cancellationToken);

    /// <summary>Sets the object-level policy of an active object; false when there is none.</summary>
    Task<bool> SetPolicyAsync(ObjectRef obj, string policy, CancellationToken cancellationToken);

    /// <summary>
    /// Every active object of a vault as of one point in time (one read transaction), one at a time, ordered
    /// by name and then kind (key, secret, certificate), so a certificate comes right after its key and secret.
    /// </summary>
    IAsyncEnumerable<VaultObject> ReadVaultAsync(string vault, CancellationToken cancellationToken);
}
