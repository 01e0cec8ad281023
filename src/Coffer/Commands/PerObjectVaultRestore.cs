using System.Collections.Concurrent;
using Coffer.Client.KeyVault;
using Coffer.Core;
using Coffer.Core.Backup.Archive;

namespace Coffer.Cli.Commands;

/// <summary>
/// Restores a (verified) vault archive into any Key Vault, object by object through the restore API, with
/// bounded parallelism, under a conflict policy: <c>fail</c> checks first that no name of the archive is
/// taken (active or soft-deleted) and writes nothing otherwise; <c>skip</c> leaves taken names;
/// <c>overwrite-if-purged</c> purges a soft-deleted name and restores over it, and reports an active one as failed.
/// </summary>
internal sealed class PerObjectVaultRestore(KeyVaultClient client, int parallelism)
{
    private const string DeletedConflict = "ObjectIsDeletedButRecoverable";

    /// <summary>Purge is asynchronous in Azure: a restore right after it may still meet the name, for a while.</summary>
    private static readonly TimeSpan PurgeWait = TimeSpan.FromSeconds(60);

    public async Task<IReadOnlyList<string>> TakenNamesAsync(IReadOnlyList<VaultArchiveEntry> entries, CancellationToken cancellationToken)
    {
        var taken = new List<string>();
        foreach (var kind in entries.Select(e => e.Kind).Distinct())
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            await foreach (var item in client.ListAsync(kind, cancellationToken))
            {
                names.Add(item.Name);
            }

            await foreach (var item in client.ListDeletedAsync(kind, cancellationToken))
            {
                names.Add(item.Name);
            }

            taken.AddRange(entries.Where(e => e.Kind == kind && names.Contains(e.Name)).Select(e => $"{kind.WireName()} {e.Name}"));
        }

        return taken;
    }

    public async Task<VaultRestoreReport> RestoreAsync(Stream archive, VaultRestoreConflictPolicy policy, Action advance, CancellationToken cancellationToken)
    {
        var restored = new ConcurrentBag<(int Order, RestoredObject Item)>();
        var skipped = new ConcurrentBag<(int Order, SkippedObject Item)>();
        var failed = new ConcurrentBag<(int Order, FailedObject Item)>();
        var order = 0;
        var objects = Numbered(VaultArchiveReader.ReadObjectsAsync(archive, null, cancellationToken), () => order++);
        await Parallel.ForEachAsync(objects, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (numbered, token) =>
            {
                var (index, item) = numbered;
                var kind = item.Entry.Kind.WireName();
                try
                {
                    await RestoreOneAsync(item, policy, token);
                    restored.Add((index, new RestoredObject(kind, item.Entry.Name, item.Entry.VersionCount ?? 0)));
                }
                catch (KeyVaultServiceException e) when (e.Status == 409 && policy == VaultRestoreConflictPolicy.Skip)
                {
                    skipped.Add((index, new SkippedObject(kind, item.Entry.Name, e.InnerCode == DeletedConflict ? "deleted" : "exists")));
                }
                catch (KeyVaultServiceException e) when (e.Status != 401)
                {
                    failed.Add((index, new FailedObject(kind, item.Entry.Name, e.Code, e.ServiceMessage)));
                }

                advance();
            });
        return new VaultRestoreReport(
            [.. restored.OrderBy(r => r.Order).Select(r => r.Item)],
            [.. skipped.OrderBy(r => r.Order).Select(r => r.Item)],
            [.. failed.OrderBy(r => r.Order).Select(r => r.Item)]);
    }

    private async Task RestoreOneAsync(VaultArchiveObject item, VaultRestoreConflictPolicy policy, CancellationToken cancellationToken)
    {
        try
        {
            await client.RestoreAsync(item.Entry.Kind, item.Blob, cancellationToken);
        }
        catch (KeyVaultServiceException e) when (e.Status == 409 && e.InnerCode == DeletedConflict && policy == VaultRestoreConflictPolicy.OverwriteIfPurged)
        {
            await client.PurgeDeletedAsync(item.Entry.Kind, item.Entry.Name, cancellationToken);
            var deadline = DateTimeOffset.UtcNow + PurgeWait;
            while (true)
            {
                try
                {
                    await client.RestoreAsync(item.Entry.Kind, item.Blob, cancellationToken);
                    return;
                }
                catch (KeyVaultServiceException again) when (again.Status == 409 && again.InnerCode == DeletedConflict && DateTimeOffset.UtcNow < deadline)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                }
            }
        }
    }

    private static async IAsyncEnumerable<(int, VaultArchiveObject)> Numbered(IAsyncEnumerable<VaultArchiveObject> objects, Func<int> next)
    {
        await foreach (var item in objects)
        {
            yield return (next(), item);
        }
    }
}
