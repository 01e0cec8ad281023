using Coffer.Core.Jobs;
using Coffer.Core.Storage;

namespace Coffer.Server.Hosting;

/// <summary>
/// Purges soft-deleted objects once their scheduled purge date has passed, as Azure does. One node at a time sweeps
/// (<see cref="PeriodicJob"/>); a purge is idempotent, so a sweep that overlaps another does no harm.
/// </summary>
internal sealed class DeletedObjectSweeper(IObjectLifecycleStore store, IJobLocks jobs, CofferOptions options, TimeProvider time, ILogger<DeletedObjectSweeper> logger)
    : PeriodicJob(jobs, time, logger)
{
    protected override string Job => "purge-sweeper";

    protected override TimeSpan Interval => options.PurgeSweepInterval;

    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        var purged = await store.PurgeExpiredAsync(Time.GetUtcNow(), cancellationToken);
        if (purged > 0)
        {
            Logger.LogInformation("Purged {Count} soft-deleted objects past their scheduled purge date", purged);
        }
    }
}
