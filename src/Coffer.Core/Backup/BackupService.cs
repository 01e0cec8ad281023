using Coffer.Core.Crypto;
using Coffer.Core.Errors;
using Coffer.Core.Storage;
using Coffer.Core.Vaults;

namespace Coffer.Core.Backup;

/// <summary>
/// Backup and restore of one object with its whole history. Backup opens each version's material and
/// seals the lot into a blob for the vault's (subscription, geography); restore opens a blob, checks
/// it may land in this vault, re-seals the material for this vault and inserts everything in one
/// transaction, under the original name and version ids, or nothing.
/// </summary>
public sealed class BackupService(IWholeObjectStore store, EnvelopeSealer sealer, BackupProtectionKeyring keyring, TimeProvider time)
{
    public async Task<byte[]> BackupAsync(Vault vault, ObjectKind kind, string name, CancellationToken cancellationToken)
    {
        var obj = new ObjectRef(vault.Name, kind, ObjectName.Validate(name));
        var refs = Linked(obj).Prepend(obj).ToList();
        var stored = await store.ReadObjectsAsync(refs, cancellationToken);
        if (stored[0] is not { Deletion: null, Versions.Count: > 0 } main)
        {
            throw KeyVaultErrors.ObjectNotFound(kind, name);
        }

        return await BackupAsync(vault, main, stored.Skip(1).OfType<VaultObject>().ToList(), cancellationToken);
    }

    /// <summary>A blob of an object already read (a vault snapshot reads them all in one transaction), with its linked objects.</summary>
    public async Task<byte[]> BackupAsync(Vault vault, VaultObject main, IReadOnlyList<VaultObject> linked, CancellationToken cancellationToken)
    {
        var obj = new ObjectRef(vault.Name, main.Kind, main.Name);
        var plainLinked = linked
            .Where(l => l is { Deletion: null } && l.Name.Equals(main.Name, StringComparison.OrdinalIgnoreCase))
            .Select(l => Plain(obj with { Kind = l.Kind }, l))
            .ToList();
        var key = await keyring.GetOrCreateAsync(vault.SubscriptionId, vault.Geography, cancellationToken);
        var content = Plain(obj, main) with { Linked = plainLinked.Count == 0 ? null : plainLinked };
        return BackupBlob.Seal(content, key, time.GetUtcNow());
    }

    /// <summary>Restores a blob into <paramref name="vault"/> and returns the object's latest version (with its policy).</summary>
    public async Task<ObjectEntry> RestoreAsync(Vault vault, ObjectKind kind, byte[] blob, CancellationToken cancellationToken) =>
        await RestoreAsync(vault, await OpenAsync(vault, kind, blob, cancellationToken), replaceDeleted: false, cancellationToken);

    /// <summary>
    /// Opens a blob and checks it may be restored into <paramref name="vault"/> (same subscription and
    /// geography); 400 otherwise. Writes nothing.
    /// </summary>
    public async Task<BackupContent> OpenAsync(Vault vault, ObjectKind kind, byte[] blob, CancellationToken cancellationToken)
    {
        var (header, content) = await BackupBlob.OpenAsync(blob, kind, keyring.FindAsync, cancellationToken);
        if (!string.Equals(header.SubscriptionId, vault.SubscriptionId, StringComparison.OrdinalIgnoreCase))
        {
            throw BackupErrors.OtherSubscription(header.SubscriptionId, vault.SubscriptionId);
        }

        if (header.Geography != vault.Geography)
        {
            throw BackupErrors.OtherGeography(header.Geography, vault.Geography);
        }

        return content;
    }

    /// <summary>
    /// Inserts an opened blob's object (and its linked objects) in one transaction. With
    /// <paramref name="replaceDeleted"/>, soft-deleted objects of those names are purged in that same
    /// transaction; an active name is a 409 either way.
    /// </summary>
    public async Task<ObjectEntry> RestoreAsync(Vault vault, BackupContent content, bool replaceDeleted, CancellationToken cancellationToken)
    {
        var inserts = (content.Linked ?? []).Prepend(content)
            .Select(c => Sealed(new ObjectRef(vault.Name, c.Kind, content.Name), c))
            .ToList();
        var versions = inserts[0].Versions;
        var result = replaceDeleted
            ? await store.ReplaceDeletedObjectsAsync(inserts, cancellationToken)
            : await store.InsertObjectsAsync(inserts, cancellationToken);
        return result switch
        {
            InsertObjectResult.Inserted => new ObjectEntry(content.Name, versions[^1], null, content.Policy),
            InsertObjectResult.NameDeleted => throw BackupErrors.NameTaken(content.Kind, content.Name, deleted: true),
            _ => throw BackupErrors.NameTaken(content.Kind, content.Name, deleted: false),
        };
    }

    /// <summary>A certificate's key and secret travel with it.</summary>
    private static IEnumerable<ObjectRef> Linked(ObjectRef obj) =>
        obj.Kind == ObjectKind.Certificate ? [obj with { Kind = ObjectKind.Key }, obj with { Kind = ObjectKind.Secret }] : [];

    private BackupContent Plain(ObjectRef obj, VaultObject stored) => new(obj.Kind, stored.Name, stored.Policy,
        stored.Versions.Select(v => new PlainVersion(v with { SealedMaterial = [] }, sealer.Open(v.SealedMaterial, obj, v.Version))).ToList());

    private ObjectInsert Sealed(ObjectRef obj, BackupContent content) => new(obj,
        content.Versions.Select(v => v.Version with { SealedMaterial = sealer.Seal(v.Material, obj, v.Version.Version) }).ToList(),
        content.Policy);
}
