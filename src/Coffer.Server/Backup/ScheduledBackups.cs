using Coffer.Core.Jobs;
using Coffer.Server.Hosting;

namespace Coffer.Server.Backup;

/// <summary>
/// Every <see cref="CofferOptions.JobInterval"/>, runs the backups that are due, under a job lock so one node at a time
/// looks; each run is also claimed in the database (<see cref="ScheduledBackupRunner"/>), so a run whose node dies is
/// taken over by another node when its claim's lease ends, and no due run is made twice.
/// </summary>
internal sealed class ScheduledBackups(ScheduledBackupRunner runner, IJobLocks jobs, CofferOptions options, TimeProvider time, ILogger<ScheduledBackups> logger)
    : BackgroundService
{
    public const string Job = "scheduled-backups";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.JobInterval, time);
        do
        {
            try
            {
                await jobs.TryRunExclusiveAsync(Job, runner.RunDueAsync, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Looking for due scheduled backups failed; will retry");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
