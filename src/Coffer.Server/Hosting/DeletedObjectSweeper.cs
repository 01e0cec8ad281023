using Coffer.Core.Jobs;
using Coffer.Core.Storage;

namespace Coffer.Server.Hosting;

/// <summary>
/// Purges soft-deleted objects once their scheduled purge date has passed, as Azure does. One node at a time sweeps
/// (<see cref="IJobLocks"/>): a node whose tick finds another sweeping skips it.
/// </summary>
internal sealed class DeletedObjectSweeper(IObjectLifecycleStore store, IJobLocks jobs, CofferOptions options, TimeProvider time, ILogger<DeletedObjectSweeper> logger)
    : BackgroundService
{
    public const string Job = "purge-sweeper";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.PurgeSweepInterval, time);
        do
        {
            try
            {
                await jobs.TryRunExclusiveAsync(Job, async cancellationToken =>
                {
                    var purged = await store.PurgeExpiredAsync(time.GetUtcNow(), cancellationToken);
                    if (purged > 0)
                    {
                        logger.LogInformation("Purged {Count} soft-deleted objects past their scheduled purge date", purged);
                    }
                }, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Purging expired soft-deleted objects failed; will retry");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
