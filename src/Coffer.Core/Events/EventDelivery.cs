namespace Coffer.Core.Events;

/// <summary>Stored by number: append only.</summary>
public enum DeliveryOutcome
{
    Pending,
    Delivered,

    /// <summary>Given up: too many attempts, or too old.</summary>
    Failed,
}

/// <summary>One event to one subscription and how sending it went: attempts so far, the next one, the last answer.</summary>
public sealed record EventDelivery(
    long Id,
    VaultEvent Event,
    string Subscription,
    DeliveryOutcome Outcome,
    int Attempts,
    DateTimeOffset NextAttemptOn,
    DateTimeOffset? LastAttemptOn,
    int? LastStatus,
    string? LastError);

/// <summary>
/// A due delivery one node has claimed (<see cref="Storage.IEventStore.ClaimDueAsync"/>) with where to send it: no other
/// node claims it until the lease ends, so a node that dies mid-send leaves it to another, which sends it again.
/// </summary>
public sealed record EventClaim(EventDelivery Delivery, EventSubscription Subscription, string ClaimId);
