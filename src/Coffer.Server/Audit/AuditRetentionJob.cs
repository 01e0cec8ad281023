using Coffer.Core.Audit;
using Coffer.Core.Jobs;
using Coffer.Server.Hosting;

namespace Coffer.Server.Audit;

/// <summary>
/// Runs the retention policy (<see cref="AuditRetention"/>) every <see cref="CofferOptions.AuditRetentionInterval"/> on one
/// node at a time: whichever nodes share the database, one exports and prunes.
/// </summary>
internal sealed class AuditRetentionJob(IAuditStore store, AuditChain chain, Sinks.AuditSinks sinks, IJobLocks jobs, CofferOptions options, TimeProvider time,
    ILogger<AuditRetentionJob> logger) : PeriodicJob(jobs, time, logger)
{
    private readonly AuditRetention _retention = new(store, chain, time, TimeSpan.FromDays(options.AuditRetentionDays!.Value),
        options.AuditArchiveDirectory!, sinks.Configured);

    protected override string Job => "audit-retention";

    protected override TimeSpan Interval => options.AuditRetentionInterval;

    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        if (await _retention.RunOnceAsync(cancellationToken) is { } archived)
        {
            Logger.LogInformation("Archived audit entries {First} to {Last} to {Archive} and pruned them", archived.FirstSequence,
                archived.LastSequence, Path.Combine(options.AuditArchiveDirectory!, archived.Name));
        }
    }
}
