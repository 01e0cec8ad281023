using Coffer.Core.Jobs;

namespace Coffer.Server.Hosting;

/// <summary>
/// A background job every node ticks, at once and then every <see cref="Interval"/> of the server's clock, and runs only
/// while it holds the job's lock (<see cref="IJobLocks"/>): a node whose tick finds another running it skips that tick.
/// A failed run is logged and tried again on the next tick.
/// </summary>
internal abstract class PeriodicJob(IJobLocks jobs, TimeProvider time, ILogger logger) : BackgroundService
{
    protected TimeProvider Time { get; } = time;

    protected ILogger Logger { get; } = logger;

    /// <summary>The job lock's name, one per kind of job across every node.</summary>
    protected abstract string Job { get; }

    protected abstract TimeSpan Interval { get; }

    protected abstract Task RunAsync(CancellationToken cancellationToken);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, Time);
        do
        {
            try
            {
                await jobs.TryRunExclusiveAsync(Job, RunAsync, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Logger.LogWarning(e, "The background job {Job} failed; will retry", Job);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
