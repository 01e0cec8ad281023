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
        var stored = await store.ReadObjectAsync(obj, cancellationToken);
        if (stored is null || stored.Deletion is not null)
        {
            throw KeyVaultErrors.ObjectNotFound(kind, name);
        }

        var versions = stored.Versions
            .Select(v => new PlainVersion(v with { SealedMaterial = [] }, sealer.Open(v.SealedMaterial, obj, v.Version)))
            .ToList();
        var key = await keyring.GetOrCreateAsync(vault.SubscriptionId, vault.Geography, cancellationToken);
        return BackupBlob.Seal(new BackupContent(kind, stored.Name, stored.Policy, versions), key, time.GetUtcNow());
    }

    /// <summary>Restores a blob into <paramref name="vault"/> and returns the object's latest version.</summary>
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

        var obj = new ObjectRef(vault.Name, kind, content.Name);
        var versions = content.Versions
            .Select(v => v.Version with { SealedMaterial = sealer.Seal(v.Material, obj, v.Version.Version) })
            .ToList();
        return await store.InsertObjectAsync(obj, versions, content.Policy, cancellationToken) switch
        {
            InsertObjectResult.Inserted => new ObjectEntry(content.Name, versions[^1], null),
            InsertObjectResult.NameDeleted => throw BackupErrors.NameTaken(kind, content.Name, deleted: true),
            _ => throw BackupErrors.NameTaken(kind, content.Name, deleted: false),
        };
    }
}
