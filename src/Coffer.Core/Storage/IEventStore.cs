using Coffer.Core.Events;

namespace Coffer.Core.Storage;

/// <summary>
/// Event subscriptions per vault (gone with their vault) and the outbox of deliveries. A new object version's deliveries
/// are written by the object store in the version's own transaction (one row per matching subscription), so no committed
/// write is without its event and no event is without its write; the methods here are one transaction each.
/// </summary>
public interface IEventStore
{
    /// <summary>Creates or replaces the subscription (its pending deliveries stay); false when there is no such vault.</summary>
    Task<bool> SetSubscriptionAsync(EventSubscription subscription, CancellationToken cancellationToken);

    Task<EventSubscription?> GetSubscriptionAsync(string vault, string name, CancellationToken cancellationToken);

    /// <summary>The vault's subscriptions, by name.</summary>
    Task<IReadOnlyList<EventSubscription>> ListSubscriptionsAsync(string vault, CancellationToken cancellationToken);

    /// <summary>Removes the subscription and its deliveries; false when there was none.</summary>
    Task<bool> DeleteSubscriptionAsync(string vault, string name, CancellationToken cancellationToken);

    /// <summary>The subscription's deliveries, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<EventDelivery>> ListDeliveriesAsync(string vault, string name, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Queues the event for every subscription of its vault that takes its type. With <paramref name="once"/>, only the
    /// first time an event of this type is raised for this object version (a unique row keeps the key): false when it
    /// was raised before.
    /// </summary>
    Task<bool> RaiseAsync(VaultEvent raised, bool once, CancellationToken cancellationToken);

    /// <summary>
    /// The current versions of active objects that expire and have not yet had their <c>Expired</c> event, in every
    /// vault that has a subscription.
    /// </summary>
    Task<IReadOnlyList<ExpiryCandidate>> ListExpiringAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="limit"/> pending deliveries due at <paramref name="now"/> that no live claim holds,
    /// until <paramref name="now"/> + <paramref name="lease"/>. Two nodes claiming at once never get the same delivery.
    /// </summary>
    Task<IReadOnlyList<EventClaim>> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Records an attempt of a claimed delivery (outcome, attempts, next attempt, last answer) and releases it; false
    /// when the claim was lost (the lease ended and another node claimed it, or the subscription went).
    /// </summary>
    Task<bool> CompleteAsync(EventClaim claim, EventDelivery attempted, CancellationToken cancellationToken);

    /// <summary>Removes the delivered and given-up deliveries last tried before <paramref name="before"/> (pending ones stay); returns how many.</summary>
    Task<int> ForgetFinishedAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
