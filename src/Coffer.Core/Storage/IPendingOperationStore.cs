namespace Coffer.Core.Storage;

/// <summary>The pending operation of an object (a certificate being issued), kept sealed beside its versions. Every method is one whole operation and one transaction.</summary>
public interface IPendingOperationStore
{
    /// <summary>The sealed pending operation of an active object (a certificate being issued), or null.</summary>
    Task<byte[]?> GetPendingAsync(ObjectRef obj, CancellationToken cancellationToken);

    /// <summary>Active objects of a kind that have a pending operation and no version yet, by name.</summary>
    Task<IReadOnlyList<(string Name, byte[] Pending)>> ListPendingOnlyAsync(string vault, ObjectKind kind, CancellationToken cancellationToken);

    /// <summary>Sets (or with null clears) the pending operation, creating the object without versions when new.</summary>
    Task<AddVersionResult> SetPendingAsync(ObjectRef obj, byte[]? pending, CancellationToken cancellationToken);
}
