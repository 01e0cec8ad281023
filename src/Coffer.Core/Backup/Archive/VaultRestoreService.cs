using Coffer.Core.Errors;
using Coffer.Core.Storage;
using Coffer.Core.Vaults;

namespace Coffer.Core.Backup.Archive;

/// <summary>
/// Restores a vault archive into a vault. First it checks all of it, writing nothing: structure, digest,
/// signature (when signed), every blob opened and meant for this vault's subscription and geography and
/// matching its manifest entry, and — under <see cref="VaultRestoreConflictPolicy.Fail"/> — that no name
/// is taken. Then it restores object by object, each in its own transaction, and reports what it did.
/// </summary>
public sealed class VaultRestoreService(IObjectStore store, BackupService backups, BackupProtectionKeyring keyring)
{
    private const int ConflictsNamed = 20;

    /// <param name="archive">A seekable stream: it is read once to check and once to restore.</param>
    /// <param name="progress">Told once the archive is checked, then after each object.</param>
    public async Task<VaultRestoreReport> RestoreAsync(Vault vault, Stream archive, VaultRestoreConflictPolicy policy, IVaultRestoreProgress? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(archive);
        var objects = await CheckAsync(vault, archive, policy, cancellationToken);
        if (progress is not null)
        {
            await progress.CheckedAsync(objects, cancellationToken);
        }

        archive.Position = 0;
        var restored = new List<RestoredObject>();
        var skipped = new List<SkippedObject>();
        var failed = new List<FailedObject>();
        await foreach (var (entry, content) in OpenAllAsync(vault, archive, cancellationToken))
        {
            var kind = entry.Kind.WireName();
            try
            {
                var replaceDeleted = policy == VaultRestoreConflictPolicy.OverwriteIfPurged && !vault.PurgeProtection;
                await backups.RestoreAsync(vault, content, replaceDeleted, cancellationToken);
                restored.Add(new RestoredObject(kind, content.Name, content.Versions.Count));
                await TellAsync(restored[^1], null, null);
            }
            catch (KeyVaultException e) when (e.Status == 409 && policy == VaultRestoreConflictPolicy.Skip)
            {
                skipped.Add(new SkippedObject(kind, content.Name, IsDeletedConflict(e) ? "deleted" : "exists"));
                await TellAsync(null, skipped[^1], null);
            }
            catch (KeyVaultException e) when (IsDeletedConflict(e) && policy == VaultRestoreConflictPolicy.OverwriteIfPurged)
            {
                var purgeProtected = KeyVaultErrors.PurgeProtected(entry.Kind, content.Name);
                failed.Add(new FailedObject(kind, content.Name, purgeProtected.Code, purgeProtected.Message));
                await TellAsync(null, null, failed[^1]);
            }
            catch (KeyVaultException e)
            {
                failed.Add(new FailedObject(kind, content.Name, e.Code, e.Message));
                await TellAsync(null, null, failed[^1]);
            }
        }

        return new VaultRestoreReport(restored, skipped, failed);

        ValueTask TellAsync(RestoredObject? r, SkippedObject? s, FailedObject? f) =>
            progress?.ObjectDoneAsync(restored.Count + skipped.Count + failed.Count, r, s, f, cancellationToken) ?? ValueTask.CompletedTask;
    }

    /// <summary>The archive's number of objects, once every check passed.</summary>
    private async Task<int> CheckAsync(Vault vault, Stream archive, VaultRestoreConflictPolicy policy, CancellationToken cancellationToken)
    {
        VaultArchiveHeader header;
        try
        {
            header = await VaultArchiveReader.ReadHeaderAsync(archive, cancellationToken);
        }
        catch (VaultArchiveException e)
        {
            throw BackupErrors.MalformedArchive(e.Message);
        }

        // The header is not yet authenticated here; it only lets a foreign archive fail fast. Every blob is checked below.
        if (header.SubscriptionId is { } subscription && !string.Equals(subscription, vault.SubscriptionId, StringComparison.OrdinalIgnoreCase))
        {
            throw BackupErrors.OtherSubscription(subscription, vault.SubscriptionId);
        }

        if (header.Geography is { } geography && geography != vault.Geography)
        {
            throw BackupErrors.OtherGeography(geography, vault.Geography);
        }

        archive.Position = 0;
        var conflicts = new List<string>();
        var objects = 0;
        await foreach (var (entry, content) in OpenAllAsync(vault, archive, cancellationToken))
        {
            objects++;
            if (policy == VaultRestoreConflictPolicy.Fail && await TakenAsync(vault, entry.Kind, content.Name, cancellationToken) is { } state)
            {
                conflicts.Add($"{entry.Kind.WireName()} {content.Name} ({state})");
            }
        }

        if (conflicts.Count > 0)
        {
            throw new KeyVaultException(409, "Conflict",
                $"{conflicts.Count} object(s) of the archive are taken in this vault, so nothing was restored: {string.Join(", ", conflicts.Take(ConflictsNamed))}"
                + (conflicts.Count > ConflictsNamed ? ", …" : string.Empty)
                + ". Restore with onConflict=skip or onConflict=overwrite-if-purged, or delete and purge them first.");
        }

        return objects;
    }

    /// <summary>Every object of the archive, its blob opened for this vault; any fault is a 400 naming the object.</summary>
    private async IAsyncEnumerable<(VaultArchiveEntry Entry, BackupContent Content)> OpenAllAsync(Vault vault, Stream archive,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var objects = VaultArchiveReader.ReadObjectsAsync(archive, SigningKeyAsync, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await objects.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (VaultArchiveException e)
            {
                throw BackupErrors.MalformedArchive(e.Message);
            }

            var (entry, blob) = objects.Current;
            BackupContent content;
            try
            {
                content = await backups.OpenAsync(vault, entry.Kind, blob, cancellationToken);
            }
            catch (KeyVaultException e)
            {
                throw new KeyVaultException(e.Status, e.Code, $"{entry.Kind.DisplayName()} {entry.Name} of the archive: {e.Message}", e.InnerCode);
            }

            if (!entry.Describes(content))
            {
                throw BackupErrors.MalformedArchive(
                    $"Vault archive is corrupt: the manifest entry of {entry.Kind.WireName()} {entry.Name} does not match its blob.");
            }

            yield return (entry, content);
        }
    }

    /// <summary>"active" or "soft-deleted" when the name is taken (for a certificate, saying so when it is its key's or secret's); null when free.</summary>
    private async Task<string?> TakenAsync(Vault vault, ObjectKind kind, string name, CancellationToken cancellationToken)
    {
        IEnumerable<ObjectKind> kinds = kind == ObjectKind.Certificate ? [ObjectKind.Certificate, ObjectKind.Key, ObjectKind.Secret] : [kind];
        foreach (var k in kinds)
        {
            var obj = new ObjectRef(vault.Name, k, name);
            var whose = k == kind ? string.Empty : $"{k.WireName()} ";
            if (await store.GetVersionAsync(obj, null, cancellationToken) is not null)
            {
                return whose + "active";
            }

            if (await store.GetDeletedAsync(obj, cancellationToken) is not null)
            {
                return whose + "soft-deleted";
            }
        }

        return null;
    }

    private async Task<VaultArchiveSigningKey?> SigningKeyAsync(string keyId, CancellationToken cancellationToken) =>
        await keyring.FindAsync(keyId, cancellationToken) is { } key ? VaultArchiveSigningKey.From(key) : null;

    private static bool IsDeletedConflict(KeyVaultException e) => e is { Status: 409, InnerCode: "ObjectIsDeletedButRecoverable" };
}
