using Coffer.Core.Errors;
using Coffer.Core.Storage;
using Coffer.Core.Vaults;

namespace Coffer.Core;

/// <summary>
/// Soft delete, recovery and purge: the same for keys, secrets and certificates. With <see cref="OperationTiming"/>
/// a delete lands that long after it is asked for: its deletion date is then, and until then the deleted object is
/// not found among the deleted (as Azure's delete pollers expect while a delete is in progress); a recover, likewise,
/// makes the object active only that long after.
/// </summary>
public sealed class ObjectLifecycle(IObjectStore store, TimeProvider time, OperationTiming timing)
{
    public async Task<ObjectEntry> DeleteAsync(Vault vault, ObjectKind kind, string name, CancellationToken cancellationToken)
    {
        var now = Truncate(time.GetUtcNow() + timing.Delay);
        var deletion = new DeletionInfo(now, now.AddDays(vault.SoftDeleteRetentionDays));
        var obj = Ref(vault, kind, name);
        return await store.SoftDeleteAsync(obj, deletion, Linked(obj), cancellationToken)
            ?? throw KeyVaultErrors.ObjectNotFound(kind, name);
    }

    public async Task<ObjectEntry> GetDeletedAsync(Vault vault, ObjectKind kind, string name, CancellationToken cancellationToken) =>
        await store.GetDeletedAsync(Ref(vault, kind, name), cancellationToken) is { } entry && Landed(entry)
            ? entry
            : throw KeyVaultErrors.DeletedObjectNotFound(kind, name);

    /// <summary>Deletes still in progress are left out; a page may then come out shorter, its continuation unchanged.</summary>
    public async Task<Page<ObjectEntry>> ListDeletedAsync(Vault vault, ObjectKind kind, PageRequest page, CancellationToken cancellationToken)
    {
        var listed = await store.ListAsync(vault.Name, kind, deleted: true, page, cancellationToken);
        return timing.IsImmediate ? listed : listed with { Items = [.. listed.Items.Where(Landed)] };
    }

    /// <summary>
    /// With <see cref="OperationTiming"/> the object stays deleted until its recovery lands (<see cref="LandDueRecoveriesAsync"/>):
    /// the answer is the object as it will be, and a read of it is 404 until then, as Azure's recover pollers expect.
    /// </summary>
    public async Task<ObjectEntry> RecoverAsync(Vault vault, ObjectKind kind, string name, CancellationToken cancellationToken)
    {
        var obj = Ref(vault, kind, name);
        var recovered = timing.IsImmediate
            ? await store.RecoverAsync(obj, Linked(obj), cancellationToken)
            : await store.ScheduleRecoveryAsync(obj, time.GetUtcNow() + timing.Delay, cancellationToken) is { } deleted
                ? deleted with { Deletion = null }
                : null;
        return recovered ?? throw KeyVaultErrors.DeletedObjectNotFound(kind, name);
    }

    /// <summary>Recovers the objects whose kept-in-progress recovery is due, up to <paramref name="limit"/>; how many it recovered.</summary>
    public async Task<int> LandDueRecoveriesAsync(int limit, CancellationToken cancellationToken)
    {
        var landed = 0;
        foreach (var obj in await store.ListDueRecoveriesAsync(time.GetUtcNow(), limit, cancellationToken))
        {
            // Purged or recovered meanwhile (another node, a second recover): nothing left to land.
            if (await store.RecoverAsync(obj, Linked(obj), cancellationToken) is not null)
            {
                landed++;
            }
        }

        return landed;
    }

    public async Task PurgeAsync(Vault vault, ObjectKind kind, string name, CancellationToken cancellationToken)
    {
        var obj = Ref(vault, kind, name);
        if (await store.GetDeletedAsync(obj, cancellationToken) is not { } entry || !Landed(entry))
        {
            throw KeyVaultErrors.DeletedObjectNotFound(kind, name);
        }

        if (vault.PurgeProtection)
        {
            throw KeyVaultErrors.PurgeProtected(kind, name);
        }

        if (!await store.PurgeAsync(obj, Linked(obj), cancellationToken))
        {
            throw KeyVaultErrors.DeletedObjectNotFound(kind, name);
        }
    }

    private bool Landed(ObjectEntry entry) => entry.Deletion is not { } deletion || deletion.DeletedOn <= time.GetUtcNow();

    /// <summary>Stored times are whole seconds, as the wire carries them.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset time) => DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds());

    /// <summary>A certificate owns the key and the secret of its name: they are deleted, recovered and purged with it.</summary>
    private static IReadOnlyList<ObjectRef> Linked(ObjectRef obj) =>
        obj.Kind == ObjectKind.Certificate ? [obj with { Kind = ObjectKind.Key }, obj with { Kind = ObjectKind.Secret }] : [];

    private static ObjectRef Ref(Vault vault, ObjectKind kind, string name) => new(vault.Name, kind, ObjectName.Validate(name));
}
