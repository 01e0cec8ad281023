using Coffer.Core;
using Coffer.Core.Management;
using Coffer.Core.Storage;

namespace Coffer.Server.Hosting;

/// <summary>
/// The provider's object store, telling <see cref="IVaultChangeObserver.KeyChanged"/> on this node after each write of a
/// key object has committed, so this node's key objects go at once; other nodes hear it from the change feed. Purging
/// past their date (the sweeper) tells nothing: it only removes objects already deleted, whose keys went then.
/// </summary>
internal sealed class ObservedObjectStore(IObjectStore inner, IVaultChangeObserver changes) : IObjectStore
{
    public async Task<AddVersionResult> AddVersionAsync(ObjectRef obj, ObjectVersion version, CancellationToken cancellationToken) =>
        Announce(await inner.AddVersionAsync(obj, version, cancellationToken), [obj]);

    public async Task<AddVersionResult> AddVersionsAsync(IReadOnlyList<(ObjectRef Obj, ObjectVersion Version)> versions, CancellationToken cancellationToken) =>
        Announce(await inner.AddVersionsAsync(versions, cancellationToken), versions.Select(v => v.Obj));

    public Task<ObjectVersion?> GetVersionAsync(ObjectRef obj, string? version, CancellationToken cancellationToken) =>
        inner.GetVersionAsync(obj, version, cancellationToken);

    public async Task<bool> UpdateVersionAsync(ObjectRef obj, ObjectVersion version, CancellationToken cancellationToken) =>
        Announce(await inner.UpdateVersionAsync(obj, version, cancellationToken), [obj]);

    public Task<Page<ObjectEntry>> ListAsync(string vault, ObjectKind kind, bool deleted, PageRequest page, CancellationToken cancellationToken) =>
        inner.ListAsync(vault, kind, deleted, page, cancellationToken);

    public Task<Page<ObjectVersion>> ListVersionsAsync(ObjectRef obj, PageRequest page, CancellationToken cancellationToken) =>
        inner.ListVersionsAsync(obj, page, cancellationToken);

    public Task<string?> GetPolicyAsync(ObjectRef obj, CancellationToken cancellationToken) => inner.GetPolicyAsync(obj, cancellationToken);

    public Task<bool> SetPolicyAsync(ObjectRef obj, string policy, CancellationToken cancellationToken) => inner.SetPolicyAsync(obj, policy, cancellationToken);

    public async Task<ObjectEntry?> SoftDeleteAsync(ObjectRef obj, DeletionInfo deletion, IReadOnlyList<ObjectRef> linked, CancellationToken cancellationToken) =>
        Announce(await inner.SoftDeleteAsync(obj, deletion, linked, cancellationToken), linked.Prepend(obj));

    public Task<ObjectEntry?> GetDeletedAsync(ObjectRef obj, CancellationToken cancellationToken) => inner.GetDeletedAsync(obj, cancellationToken);

    public async Task<ObjectEntry?> RecoverAsync(ObjectRef obj, IReadOnlyList<ObjectRef> linked, CancellationToken cancellationToken) =>
        Announce(await inner.RecoverAsync(obj, linked, cancellationToken), linked.Prepend(obj));

    public Task<ObjectEntry?> ScheduleRecoveryAsync(ObjectRef obj, DateTimeOffset recoversOn, CancellationToken cancellationToken) =>
        inner.ScheduleRecoveryAsync(obj, recoversOn, cancellationToken);

    public Task<IReadOnlyList<ObjectRef>> ListDueRecoveriesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        inner.ListDueRecoveriesAsync(now, limit, cancellationToken);

    public async Task<bool> PurgeAsync(ObjectRef obj, IReadOnlyList<ObjectRef> linked, CancellationToken cancellationToken) =>
        Announce(await inner.PurgeAsync(obj, linked, cancellationToken), linked.Prepend(obj));

    public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) => inner.PurgeExpiredAsync(now, cancellationToken);

    public Task<VaultObject?> ReadObjectAsync(ObjectRef obj, CancellationToken cancellationToken) => inner.ReadObjectAsync(obj, cancellationToken);

    public Task<IReadOnlyList<VaultObject?>> ReadObjectsAsync(IReadOnlyList<ObjectRef> objects, CancellationToken cancellationToken) =>
        inner.ReadObjectsAsync(objects, cancellationToken);

    public IAsyncEnumerable<VaultObject> ReadVaultAsync(string vault, CancellationToken cancellationToken) => inner.ReadVaultAsync(vault, cancellationToken);

    public async Task<InsertObjectResult> InsertObjectsAsync(IReadOnlyList<ObjectInsert> objects, CancellationToken cancellationToken) =>
        Announce(await inner.InsertObjectsAsync(objects, cancellationToken), objects.Select(o => o.Obj));

    public async Task<InsertObjectResult> ReplaceDeletedObjectsAsync(IReadOnlyList<ObjectInsert> objects, CancellationToken cancellationToken) =>
        Announce(await inner.ReplaceDeletedObjectsAsync(objects, cancellationToken), objects.Select(o => o.Obj));

    public Task<byte[]?> GetPendingAsync(ObjectRef obj, CancellationToken cancellationToken) => inner.GetPendingAsync(obj, cancellationToken);

    public Task<IReadOnlyList<(string Name, byte[] Pending)>> ListPendingOnlyAsync(string vault, ObjectKind kind, CancellationToken cancellationToken) =>
        inner.ListPendingOnlyAsync(vault, kind, cancellationToken);

    public Task<AddVersionResult> SetPendingAsync(ObjectRef obj, byte[]? pending, CancellationToken cancellationToken) =>
        inner.SetPendingAsync(obj, pending, cancellationToken);

    /// <summary>Tells of the key objects among <paramref name="objects"/>, whatever the write's result (a refused write changed nothing, and an eviction too many is harmless).</summary>
    private T Announce<T>(T result, IEnumerable<ObjectRef> objects)
    {
        foreach (var obj in objects.Where(o => o.Kind == ObjectKind.Key))
        {
            changes.KeyChanged(obj.Vault, obj.Name);
        }

        return result;
    }
}
