using Coffer.Core;
using Coffer.Core.Events;
using Coffer.Core.Jobs;
using Coffer.Core.Storage;
using Coffer.Server.Hosting;

namespace Coffer.Server.Events;

/// <summary>
/// Every <see cref="CofferOptions.JobInterval"/>, one node at a time, raises the near-expiry and expired events of the
/// current versions of objects in vaults with subscriptions (<see cref="ExpiryNotice"/> says when near expiry begins).
/// Each fires once per version: the store keeps a unique once-key row per version and type, written with the event.
/// </summary>
internal sealed class ExpiryScan(IEventStore events, IJobLocks jobs, CofferOptions options, TimeProvider time, ILogger<ExpiryScan> logger)
    : PeriodicJob(jobs, time, logger)
{
    protected override string Job => "event-expiry-scan";

    protected override TimeSpan Interval => options.JobInterval;

    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var candidate in await events.ListExpiringAsync(cancellationToken))
        {
            var now = Time.GetUtcNow();
            var type = now >= candidate.Expires ? VaultEventTypes.Expired(candidate.Obj.Kind)
                : !candidate.NearExpiryRaised && now >= ExpiryNotice.NearExpiryOn(candidate) ? VaultEventTypes.NearExpiry(candidate.Obj.Kind)
                : (VaultEventType?)null;
            if (type is { } due)
            {
                await events.RaiseAsync(
                    VaultEvent.ForVersion(due, candidate.Obj, candidate.Version, new ObjectAttributes(true, candidate.NotBefore, candidate.Expires), now),
                    once: true, cancellationToken);
            }
        }
    }
}
