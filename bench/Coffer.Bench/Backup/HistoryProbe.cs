using System.Diagnostics;
using System.Globalization;
using System.Text;
using Coffer.Bench.Load;
using Coffer.Core;
using Coffer.Core.Crypto;
using Coffer.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Coffer.Bench.Backup;

/// <summary>One backup and restore of the long-history secret: wall time, and this process's RSS before and at its peak.</summary>
internal sealed record HistoryRun(
    double BackupMs, double RestoreMs, double? RssBeforeMb, double? BackupPeakRssMb, double? RestorePeakRssMb, double BackupAllocatedMb, double RestoreAllocatedMb);

internal sealed record HistorySummary(int Versions, int ValueBytes, long BlobBytes, double SeedMs, IReadOnlyList<HistoryRun> Runs);

/// <summary>
/// One secret with thousands of versions, put straight into the store (each version sealed as a set
/// would seal it), then backed up through SecretClient and restored into a new vault, a few times,
/// with this process's RSS sampled every 5 ms. Server and client share the process, so RSS counts both;
/// the client holds the blob once or twice, the server a few times over.
/// </summary>
internal static class HistoryProbe
{
    public const string Name = "long-history";

    public static async Task<HistorySummary> RunAsync(
        InProcessCoffer coffer, SdkSecretBackupTarget secrets, VaultMaker vaults, int versions, int valueBytes, int runs,
        TextWriter output, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var store = coffer.Services.GetRequiredService<IObjectStore>();
        var sealer = coffer.Services.GetRequiredService<EnvelopeSealer>();
        var obj = new ObjectRef(coffer.Deployment.DefaultVaultName, ObjectKind.Secret, Name);
        var start = DateTimeOffset.UtcNow.AddSeconds(-versions);
        var seeded = Enumerable.Range(0, versions).Select(i =>
        {
            var id = ObjectName.NewVersion();
            var when = ObjectLifecycle.Truncate(start.AddSeconds(i));
            return new ObjectVersion(id, when, when, ObjectAttributes.Default, null, null,
                sealer.Seal(Encoding.UTF8.GetBytes(BackupSeeder.RandomValue(valueBytes)), obj, id));
        }).ToList();
        if (await store.InsertObjectsAsync([new ObjectInsert(obj, seeded, null)], cancellationToken) != InsertObjectResult.Inserted)
        {
            throw new InvalidOperationException($"{Name} already exists.");
        }

        var seedMs = clock.Elapsed.TotalMilliseconds;
        var results = new List<HistoryRun>();
        long blobBytes = 0;
        for (var run = 0; run < runs; run++)
        {
            var vault = string.Create(CultureInfo.InvariantCulture, $"history-{run}");
            await vaults.EnsureAsync(vault, cancellationToken);
            var restoreClient = secrets.For(0, vault);
            var backupClient = secrets.For(0, coffer.Deployment.DefaultVaultName);
            Settle();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var backup = await RssSampler.MeasureAsync(async token => (await backupClient.BackupSecretAsync(Name, token)).Value, cancellationToken);
            var backupAllocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            blobBytes = backup.Result.Length;
            allocated = GC.GetTotalAllocatedBytes(precise: true);
            var restore = await RssSampler.MeasureAsync(async token => (await restoreClient.RestoreSecretBackupAsync(backup.Result, token)).Value, cancellationToken);
            var restoreAllocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            if (restore.Result.Name != Name)
            {
                throw new InvalidDataException($"Restoring {Name} answered {restore.Result.Name}.");
            }

            var result = new HistoryRun(
                LoadSummary.Round(backup.Elapsed.TotalMilliseconds, 1), LoadSummary.Round(restore.Elapsed.TotalMilliseconds, 1),
                LoadSummary.Round(backup.BeforeMb, 1), LoadSummary.Round(backup.PeakMb, 1), LoadSummary.Round(restore.PeakMb, 1),
                LoadSummary.Round(backupAllocated / 1048576.0, 1), LoadSummary.Round(restoreAllocated / 1048576.0, 1));
            results.Add(result);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {Name} ({versions} versions, {blobBytes / 1048576.0:0.00} MB blob) run {run + 1}: backup {result.BackupMs:0} ms, restore into {vault} {result.RestoreMs:0} ms; RSS {result.RssBeforeMb} -> {result.BackupPeakRssMb} / {result.RestorePeakRssMb} MB"));
        }

        return new HistorySummary(versions, valueBytes, blobBytes, LoadSummary.Round(seedMs, 1), results);
    }

    /// <summary>
    /// Full blocking collections that also give free memory back to the OS (aggressive mode), so the RSS
    /// before each run is neither earlier garbage nor heap the GC merely kept.
    /// </summary>
    private static void Settle()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
