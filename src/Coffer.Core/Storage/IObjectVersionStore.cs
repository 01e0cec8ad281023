namespace Coffer.Core.Storage;

/// <summary>Keys, secrets and certificates as the data plane reads and writes them: versions added, read, updated and listed, and the object-level policy. Reads never see soft-deleted objects. Every method is one whole operation and one transaction.</summary>
public interface IObjectVersionStore
{
    /// <summary>Adds a version, creating the object when the name is new.</summary>
    Task<AddVersionResult> AddVersionAsync(ObjectRef obj, ObjectVersion version, CancellationToken cancellationToken);

    /// <summary>
    /// Adds versions to several objects in one transaction (a certificate version with its key and
    /// secret), or none when any of them is soft-deleted. Clears the first object's pending operation.
    /// </summary>
    Task<AddVersionResult> AddVersionsAsync(IReadOnlyList<(ObjectRef Obj, ObjectVersion Version)> versions, CancellationToken cancellationToken);

    /// <summary>The given version, or the latest when <paramref name="version"/> is null, of an active object.</summary>
    Task<ObjectVersion?> GetVersionAsync(ObjectRef obj, string? version, CancellationToken cancellationToken);

    /// <summary>Replaces the attributes, tags, content type, properties and updated time of an existing version.</summary>
    Task<bool> UpdateVersionAsync(ObjectRef obj, ObjectVersion version, CancellationToken cancellationToken);

    /// <summary>Active (or, with <paramref name="deleted"/>, soft-deleted) objects of a kind, by name.</summary>
    Task<Page<ObjectEntry>> ListAsync(string vault, ObjectKind kind, bool deleted, PageRequest page, CancellationToken cancellationToken);

    /// <summary>Every version of an active object, oldest first.</summary>
    Task<Page<ObjectVersion>> ListVersionsAsync(ObjectRef obj, PageRequest page, CancellationToken cancellationToken);

    /// <summary>The object-level policy of an active object; null when it has none or does not exist.</summary>
    Task<string?> GetPolicyAsync(ObjectRef obj, CancellationToken cancellationToken);

    /// <summary>Sets the object-level policy of an active object; false when there is none.</summary>
    Task<bool> SetPolicyAsync(ObjectRef obj, string policy, CancellationToken cancellationToken);
}
