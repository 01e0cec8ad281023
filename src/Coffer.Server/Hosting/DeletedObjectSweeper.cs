using Coffer.Core.Storage;

namespace Coffer.Server.Hosting;

/// <summary>Purges soft-deleted objects once their scheduled purge date has passed, as Azure does.</summary>
internal sealed class DeletedObjectSweeper(IObjectStore store, CofferOptions options, TimeProvider time, ILogger<DeletedObjectSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.PurgeSweepInterval, time);
        do
        {
            try
            {
                var purged = await store.PurgeExpiredAsync(time.GetUtcNow(), stoppingToken);
                if (purged > 0)
                {
                    logger.LogInformation("Purged {Count} soft-deleted objects past their scheduled purge date", purged);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Purging expired soft-deleted objects failed; will retry");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
