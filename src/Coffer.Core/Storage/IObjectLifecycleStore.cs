namespace Coffer.Core.Storage;

/// <summary>Soft delete, recovery and purge of objects, with the linked objects (a certificate's key and secret) that go with them. Every method is one whole operation and one transaction.</summary>
public interface IObjectLifecycleStore
{
    /// <summary>Soft-deletes an active object; null when there is none.</summary>
    /// <remarks><paramref name="linked"/> objects (a certificate's key and secret) that are active go with it.</remarks>
    Task<ObjectEntry?> SoftDeleteAsync(ObjectRef obj, DeletionInfo deletion, IReadOnlyList<ObjectRef> linked, CancellationToken cancellationToken);

    Task<ObjectEntry?> GetDeletedAsync(ObjectRef obj, CancellationToken cancellationToken);

    /// <summary>Makes a soft-deleted object active again; null when there is none.</summary>
    Task<ObjectEntry?> RecoverAsync(ObjectRef obj, IReadOnlyList<ObjectRef> linked, CancellationToken cancellationToken);

    /// <summary>
    /// Marks a soft-deleted object to be recovered at <paramref name="recoversOn"/> (a recover kept in progress); a mark
    /// already there stands. Null when there is no such object. <see cref="RecoverAsync"/> clears the mark.
    /// </summary>
    Task<ObjectEntry?> ScheduleRecoveryAsync(ObjectRef obj, DateTimeOffset recoversOn, CancellationToken cancellationToken);

    /// <summary>Soft-deleted objects whose marked recovery is at or before <paramref name="now"/>, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<ObjectRef>> ListDueRecoveriesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>Removes a soft-deleted object and all its versions for good.</summary>
    Task<bool> PurgeAsync(ObjectRef obj, IReadOnlyList<ObjectRef> linked, CancellationToken cancellationToken);

    /// <summary>Purges every soft-deleted object whose scheduled purge date is at or before <paramref name="now"/>.</summary>
    Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
