using Coffer.Core.Audit;
using Coffer.Core.Jobs;
using Coffer.Server.Hosting;

namespace Coffer.Server.Audit;

/// <summary>
/// Runs the retention policy (<see cref="AuditRetention"/>) every <see cref="CofferOptions.AuditRetentionInterval"/> under a
/// job lock (<see cref="IJobLocks"/>): whichever nodes share the database, one exports and prunes at a time, and a node
/// whose tick finds the lock taken skips it. A failed run is logged and retried at the next tick.
/// </summary>
internal sealed class AuditRetentionJob(IAuditStore store, AuditChain chain, Sinks.AuditSinks sinks, IJobLocks jobs, CofferOptions options, TimeProvider time,
    ILogger<AuditRetentionJob> logger) : BackgroundService
{
    public const string Job = "audit-retention";

    private readonly AuditRetention _retention = new(store, chain, time, TimeSpan.FromDays(options.AuditRetentionDays!.Value),
        options.AuditArchiveDirectory!, sinks.Configured);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.AuditRetentionInterval, time);
        do
        {
            try
            {
                await jobs.TryRunExclusiveAsync(Job, async cancellationToken =>
                {
                    if (await _retention.RunOnceAsync(cancellationToken) is { } archived)
                    {
                        logger.LogInformation("Archived audit entries {First} to {Last} to {Archive} and pruned them", archived.FirstSequence,
                            archived.LastSequence, Path.Combine(options.AuditArchiveDirectory!, archived.Name));
                    }
                }, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Audit retention failed; will retry at the next run");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
