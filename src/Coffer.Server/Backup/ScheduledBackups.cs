using Coffer.Core.Jobs;
using Coffer.Server.Hosting;

namespace Coffer.Server.Backup;

/// <summary>
/// Every <see cref="CofferOptions.JobInterval"/>, runs the backups that are due, one node at a time (<see cref="PeriodicJob"/>);
/// each run is also claimed in the database (<see cref="ScheduledBackupRunner"/>), so a run whose node dies is taken over
/// by another node when its claim's lease ends, and no due run is made twice.
/// </summary>
internal sealed class ScheduledBackups(ScheduledBackupRunner runner, IJobLocks jobs, CofferOptions options, TimeProvider time, ILogger<ScheduledBackups> logger)
    : PeriodicJob(jobs, time, logger)
{
    protected override string Job => "scheduled-backups";

    protected override TimeSpan Interval => options.JobInterval;

    protected override Task RunAsync(CancellationToken cancellationToken) => runner.RunDueAsync(cancellationToken);
}
