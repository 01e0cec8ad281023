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
public sealed class BackupService(IObjectStore store, EnvelopeSealer sealer, BackupProtectionKeyring keyring, TimeProvider time)
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

        var linked = stored.Skip(1).Zip(refs.Skip(1))
            .Where(pair => pair.First is { Deletion: null })
            .Select(pair => Plain(pair.Second, pair.First!))
            .ToList();
        var key = await keyring.GetOrCreateAsync(vault.SubscriptionId, vault.Geography, cancellationToken);
        var content = Plain(obj, main) with { Linked = linked.Count == 0 ? null : linked };
        return BackupBlob.Seal(content, key, time.GetUtcNow());
    }

    /// <summary>Restores a blob into <paramref name="vault"/> and returns the object's latest version (with its policy).</summary>
    public async Task<ObjectEntry> RestoreAsync(Vault vault, ObjectKind kind, byte[] blob, CancellationToken cancellationToken)
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

        var inserts = (content.Linked ?? []).Prepend(content)
            .Select(c => Sealed(new ObjectRef(vault.Name, c.Kind, content.Name), c))
            .ToList();
        var versions = inserts[0].Versions;
        return await store.InsertObjectsAsync(inserts, cancellationToken) switch
        {
            InsertObjectResult.Inserted => new ObjectEntry(content.Name, versions[^1], null, content.Policy),
            InsertObjectResult.NameDeleted => throw BackupErrors.NameTaken(kind, content.Name, deleted: true),
            _ => throw BackupErrors.NameTaken(kind, content.Name, deleted: false),
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
