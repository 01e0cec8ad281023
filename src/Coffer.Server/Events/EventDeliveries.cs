using Coffer.Core.Jobs;
using Coffer.Server.Hosting;

namespace Coffer.Server.Events;

/// <summary>
/// Every <see cref="CofferOptions.EventDeliveryInterval"/>, sends the event deliveries that are due (<see cref="EventDeliverer"/>),
/// one node at a time (<see cref="PeriodicJob"/>); each delivery is also claimed in the database, so a node that dies
/// mid-send leaves it to another once the claim's lease ends.
/// </summary>
internal sealed class EventDeliveries(EventDeliverer deliverer, IJobLocks jobs, CofferOptions options, TimeProvider time, ILogger<EventDeliveries> logger)
    : PeriodicJob(jobs, time, logger)
{
    protected override string Job => "event-deliveries";

    protected override TimeSpan Interval => options.EventDeliveryInterval;

    protected override Task RunAsync(CancellationToken cancellationToken) => deliverer.DeliverDueAsync(cancellationToken);
}
