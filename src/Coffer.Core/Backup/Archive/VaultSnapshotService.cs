using System.Threading.Channels;
using Coffer.Core.Storage;
using Coffer.Core.Vaults;

namespace Coffer.Core.Backup.Archive;

/// <summary>
/// Writes a whole vault as one signed archive from one read transaction: every active object with a
/// version, each as the blob a single backup would make (a certificate with its key and secret, which get
/// no entries of their own). Soft-deleted objects are left out, as Azure cannot back them up either.
/// Blobs are sealed on every core while the store is read and the archive written in name order; at most
/// <see cref="InFlight"/> names are held at a time, so memory stays flat whatever the vault's size.
/// </summary>
public sealed class VaultSnapshotService(IWholeObjectStore store, BackupService backups, BackupProtectionKeyring keyring, TimeProvider time)
{
    private static readonly int InFlight = 2 * Environment.ProcessorCount;

    public async Task<VaultArchiveSummary> WriteAsync(Vault vault, string vaultUrl, Stream output, CancellationToken cancellationToken)
    {
        var protectionKey = await keyring.GetOrCreateAsync(vault.SubscriptionId, vault.Geography, cancellationToken);
        var header = new VaultArchiveHeader(vault.Name, vaultUrl, VaultArchiveHeader.CofferSource, time.GetUtcNow(),
            vault.SubscriptionId, vault.Location, vault.Geography);
        using var writer = await VaultArchiveWriter.CreateAsync(output, header, VaultArchiveSigningKey.From(protectionKey), cancellationToken);

        var sealing = Channel.CreateBounded<Task<SealedObject[]>>(new BoundedChannelOptions(InFlight) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = ReadAsync(vault, sealing.Writer, stop.Token);
        try
        {
            await foreach (var sealedName in sealing.Reader.ReadAllAsync(stop.Token))
            {
                foreach (var (kind, name, blob, versions) in await sealedName)
                {
                    await writer.AddAsync(kind, name, blob, versions, null, stop.Token);
                }
            }

            await reading;
        }
        catch
        {
            await stop.CancelAsync();
            await Task.WhenAny(reading); // the read transaction ends before the failure goes up
            _ = reading.Exception;
            throw;
        }

        return await writer.CompleteAsync(cancellationToken);
    }

    /// <summary>
    /// Reads the vault in one transaction; the store yields objects by name, then kind, so a name's key,
    /// secret and certificate arrive together and are sealed together.
    /// </summary>
    private async Task ReadAsync(Vault vault, ChannelWriter<Task<SealedObject[]>> sealing, CancellationToken cancellationToken)
    {
        try
        {
            var sameName = new List<VaultObject>(3);
            await foreach (var obj in store.ReadVaultAsync(vault.Name, cancellationToken))
            {
                if (sameName.Count > 0 && !sameName[0].Name.Equals(obj.Name, StringComparison.OrdinalIgnoreCase))
                {
                    await sealing.WriteAsync(SealAsync(vault, sameName, cancellationToken), cancellationToken);
                    sameName = new List<VaultObject>(3);
                }

                if (obj.Versions.Count > 0)
                {
                    sameName.Add(obj);
                }
            }

            await sealing.WriteAsync(SealAsync(vault, sameName, cancellationToken), cancellationToken);
            sealing.Complete();
        }
        catch (Exception e)
        {
            sealing.Complete(e);
            throw;
        }
    }

    private Task<SealedObject[]> SealAsync(Vault vault, List<VaultObject> sameName, CancellationToken cancellationToken) => Task.Run(async () =>
    {
        var certificate = sameName.Find(o => o.Kind == ObjectKind.Certificate);
        var standalone = certificate is null ? sameName : [certificate];
        var sealedObjects = new SealedObject[standalone.Count];
        for (var i = 0; i < standalone.Count; i++)
        {
            var obj = standalone[i];
            var linked = obj == certificate ? sameName.Where(o => o != certificate).ToList() : [];
            sealedObjects[i] = new SealedObject(obj.Kind, obj.Name, await backups.BackupAsync(vault, obj, linked, cancellationToken),
                [.. obj.Versions.Select(v => v.Version)]);
        }

        return sealedObjects;
    }, cancellationToken);

    private sealed record SealedObject(ObjectKind Kind, string Name, byte[] Blob, IReadOnlyList<string> Versions);
}
