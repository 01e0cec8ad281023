using Coffer.Client.KeyVault;
using Coffer.Core;
using Coffer.Core.Backup.Archive;

namespace Coffer.Cli.Commands;

/// <summary>
/// A vault archive from any Key Vault endpoint, object by object: list keys, secrets and certificates (a
/// certificate's managed key and secret travel in its blob), then fetch each object's versions and backup
/// blob with bounded parallelism into the <see cref="VaultBackupJournal"/>, then write the archive in plan
/// order. Not a point-in-time copy: objects changed during the run are taken as they are when fetched.
/// </summary>
internal sealed class PerObjectVaultBackup(KeyVaultClient client, int parallelism)
{
    private static readonly ObjectKind[] Kinds = [ObjectKind.Key, ObjectKind.Secret, ObjectKind.Certificate];

    public async Task<VaultBackupPlan> PlanAsync(CancellationToken cancellationToken)
    {
        var objects = new List<PlannedObject>();
        foreach (var kind in Kinds)
        {
            objects.AddRange((await client.ListOwnNamesAsync(kind, cancellationToken)).Select(name => new PlannedObject(kind, name)));
        }

        var vault = client.VaultUri;
        return new VaultBackupPlan(vault.GetLeftPart(UriPartial.Authority), vault.Host.Split('.')[0], DateTimeOffset.UtcNow, objects);
    }

    /// <summary>Fetches what the journal lacks; <paramref name="advance"/> is called once per object finished.</summary>
    public Task FetchAsync(VaultBackupJournal journal, Action advance, CancellationToken cancellationToken)
    {
        var pending = journal.Plan.Objects.Select((item, index) => (item, index)).Where(p => !journal.IsDone(p.index));
        return Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (pair, token) =>
            {
                var (item, index) = pair;
                try
                {
                    var versions = new List<VaultObjectItem>();
                    await foreach (var version in client.ListVersionsAsync(item.Kind, item.Name, token))
                    {
                        versions.Add(version);
                    }

                    var blob = await client.BackupAsync(item.Kind, item.Name, token);
                    var ordered = versions.Where(v => v.Version is not null)
                        .OrderBy(v => v.Created ?? DateTimeOffset.MinValue).ThenBy(v => v.Version, StringComparer.Ordinal)
                        .Select(v => v.Version!.ToLowerInvariant()).ToList();
                    await journal.SaveAsync(index, blob, ordered, token);
                }
                catch (KeyVaultServiceException e) when (e.Status == 404)
                {
                    await journal.MarkGoneAsync(index, token);
                }

                advance();
            });
    }

    /// <summary>Writes the archive from the journal, in plan order; returns it with the objects that were gone.</summary>
    public static async Task<(VaultArchiveSummary Summary, IReadOnlyList<PlannedObject> Gone)> WriteArchiveAsync(VaultBackupJournal journal, Stream output,
        CancellationToken cancellationToken)
    {
        var plan = journal.Plan;
        var gone = new List<PlannedObject>();
        using var writer = await VaultArchiveWriter.CreateAsync(output,
            new VaultArchiveHeader(plan.Vault, plan.VaultUrl, VaultArchiveHeader.RestSource, plan.Created), null, cancellationToken);
        for (var index = 0; index < plan.Objects.Count; index++)
        {
            var item = plan.Objects[index];
            if (await journal.ReadAsync(index, cancellationToken) is not { } fetched)
            {
                gone.Add(item);
                continue;
            }

            // A listing can fall out of step with the blob taken after it; the manifest then claims no version ids.
            var versions = fetched.Versions.Count > 0 && fetched.Versions.All(ObjectName.IsVersion) ? fetched.Versions : null;
            await writer.AddAsync(item.Kind, item.Name, fetched.Blob, versions, null, cancellationToken);
        }

        return (await writer.CompleteAsync(cancellationToken), gone);
    }
}
