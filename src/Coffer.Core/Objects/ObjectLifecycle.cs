using Coffer.Core.Errors;
using Coffer.Core.Storage;
using Coffer.Core.Vaults;

namespace Coffer.Core;

/// <summary>
/// Soft delete, recovery and purge: the same for keys, secrets and certificates. With <see cref="OperationTiming"/>
/// a delete lands that long after it is asked for: its deletion date is then, and until then the deleted object is
/// not found among the deleted (as Azure's delete pollers expect while a delete is in progress).
/// </summary>
public sealed class ObjectLifecycle(IObjectStore store, TimeProvider time, OperationTiming timing)
{
    public async Task<ObjectEntry> DeleteAsync(Vault vault, ObjectKind kind, string name, CancellationToken cancellationToken)
    {
        var now = Truncate(time.GetUtcNow() + timing.Delay);
        var deletion = new DeletionInfo(now, now.AddDays(vault.SoftDeleteRetentionDays));
        return await store.SoftDeleteAsync(Ref(vault, kind, name), deletion, Linked(vault, kind, name), cancellationToken)
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

    public async Task<ObjectEntry> RecoverAsync(Vault vault, ObjectKind kind, string name, CancellationToken cancellationToken) =>
        await store.RecoverAsync(Ref(vault, kind, name), Linked(vault, kind, name), cancellationToken)
            ?? throw KeyVaultErrors.DeletedObjectNotFound(kind, name);

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

        if (!await store.PurgeAsync(obj, Linked(vault, kind, name), cancellationToken))
        {
            throw KeyVaultErrors.DeletedObjectNotFound(kind, name);
        }
    }

    private bool Landed(ObjectEntry entry) => entry.Deletion is not { } deletion || deletion.DeletedOn <= time.GetUtcNow();

    /// <summary>Stored times are whole seconds, as the wire carries them.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset time) => DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds());

    /// <summary>A certificate owns the key and the secret of its name: they are deleted, recovered and purged with it.</summary>
    private static IReadOnlyList<ObjectRef> Linked(Vault vault, ObjectKind kind, string name) =>
        kind == ObjectKind.Certificate ? [Ref(vault, ObjectKind.Key, name), Ref(vault, ObjectKind.Secret, name)] : [];

    private static ObjectRef Ref(Vault vault, ObjectKind kind, string name) => new(vault.Name, kind, ObjectName.Validate(name));
}
