using Coffer.Core.Jobs;
using Coffer.Server.Hosting;

namespace Coffer.Server.Lifetime;

/// <summary>
/// Every <see cref="CofferOptions.LifetimeActionsInterval"/>, acts on the rotation policies and certificate lifetime actions
/// that are due, one node at a time (<see cref="PeriodicJob"/>); each action's version id is derived from the version it
/// follows (<see cref="LifetimeActionRunner"/>), so an overlapping or retried pass cannot act twice.
/// </summary>
internal sealed class LifetimeActions(LifetimeActionRunner runner, IJobLocks jobs, CofferOptions options, TimeProvider time, ILogger<LifetimeActions> logger)
    : PeriodicJob(jobs, time, logger)
{
    protected override string Job => "lifetime-actions";

    protected override TimeSpan Interval => options.LifetimeActionsInterval;

    protected override Task RunAsync(CancellationToken cancellationToken) => runner.RunDueAsync(cancellationToken);
}
