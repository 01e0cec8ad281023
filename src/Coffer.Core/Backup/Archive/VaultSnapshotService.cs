using Coffer.Core.Storage;
using Coffer.Core.Vaults;

namespace Coffer.Core.Backup.Archive;

/// <summary>
/// Writes a whole vault as one signed archive from one read transaction: every active object with a
/// version, each as the blob a single backup would make (a certificate with its key and secret, which get
/// no entries of their own). Soft-deleted objects are left out, as Azure cannot back them up either.
/// Streams: it holds the objects of one name at a time.
/// </summary>
public sealed class VaultSnapshotService(IObjectStore store, BackupService backups, BackupProtectionKeyring keyring, TimeProvider time)
{
    public async Task<VaultArchiveSummary> WriteAsync(Vault vault, string vaultUrl, Stream output, CancellationToken cancellationToken)
    {
        var protectionKey = await keyring.GetOrCreateAsync(vault.SubscriptionId, vault.Geography, cancellationToken);
        var header = new VaultArchiveHeader(vault.Name, vaultUrl, VaultArchiveHeader.CofferSource, time.GetUtcNow(),
            vault.SubscriptionId, vault.Location, vault.Geography);
        using var writer = await VaultArchiveWriter.CreateAsync(output, header, VaultArchiveSigningKey.From(protectionKey), cancellationToken);

        // The store yields objects by name, then kind: a name's key, secret and certificate arrive together.
        var sameName = new List<VaultObject>(3);
        await foreach (var obj in store.ReadVaultAsync(vault.Name, cancellationToken))
        {
            if (sameName.Count > 0 && !sameName[0].Name.Equals(obj.Name, StringComparison.OrdinalIgnoreCase))
            {
                await WriteAsync(writer, vault, sameName, cancellationToken);
                sameName.Clear();
            }

            if (obj.Versions.Count > 0)
            {
                sameName.Add(obj);
            }
        }

        await WriteAsync(writer, vault, sameName, cancellationToken);
        return await writer.CompleteAsync(cancellationToken);
    }

    private async Task WriteAsync(VaultArchiveWriter writer, Vault vault, List<VaultObject> sameName, CancellationToken cancellationToken)
    {
        var certificate = sameName.Find(o => o.Kind == ObjectKind.Certificate);
        var standalone = certificate is null ? sameName : [certificate];
        foreach (var obj in standalone)
        {
            var linked = obj == certificate ? sameName.Where(o => o != certificate).ToList() : [];
            var blob = await backups.BackupAsync(vault, obj, linked, cancellationToken);
            await writer.AddAsync(obj.Kind, obj.Name, blob, obj.Versions.Select(v => v.Version).ToList(), null, cancellationToken);
        }
    }
}
