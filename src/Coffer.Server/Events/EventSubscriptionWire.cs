using Coffer.Core.Events;
using Coffer.Core.Management;

namespace Coffer.Server.Events;

/// <summary>
/// Body of <c>PUT /_coffer/vaults/{vault}/eventSubscriptions/{name}</c>: the endpoint, event type names (left out: all),
/// <c>EventGridSchema</c> (default) or <c>CloudEventSchemaV1_0</c>, and an optional shared secret that signs deliveries.
/// </summary>
public sealed record EventSubscriptionParameters(string? Endpoint, IReadOnlyList<string>? EventTypes, string? Schema, string? Secret);

/// <summary>A subscription as the API shows it: whether it has a secret, never the secret. Times in Unix seconds.</summary>
public sealed record EventSubscriptionDescription(
    string Name, string Vault, string Endpoint, IReadOnlyList<string> EventTypes, string Schema, bool HasSecret, long CreatedOn)
{
    public static EventSubscriptionDescription From(EventSubscription s) => new(
        s.Name, s.Vault, s.Endpoint.AbsoluteUri, [.. s.Types.Select(t => t.WireName())], VaultEventSubscriptions.SchemaName(s.Schema),
        s.SealedSecret is not null, s.CreatedOn.ToUnixTimeSeconds());
}

public sealed record EventSubscriptionList(IReadOnlyList<EventSubscriptionDescription> Value);

/// <summary>
/// One event to the subscription and how sending it went: outcome <c>pending</c>, <c>delivered</c> or <c>failed</c>
/// (given up), attempts, the next attempt while pending, the last answer's status or error. Times in Unix seconds.
/// </summary>
public sealed record EventDeliveryDescription(
    string EventId, string EventType, string? ObjectName, string? Version, long EventTime, string Outcome, int Attempts, long? NextAttemptOn,
    long? LastAttemptOn, int? LastStatus, string? LastError)
{
    public static EventDeliveryDescription From(EventDelivery d) => new(
        d.Event.Id, d.Event.Type.WireName(), d.Event.ObjectName, d.Event.Version, d.Event.Time.ToUnixTimeSeconds(),
        d.Outcome.ToString().ToLowerInvariant(), d.Attempts, d.Outcome == DeliveryOutcome.Pending ? d.NextAttemptOn.ToUnixTimeSeconds() : null,
        d.LastAttemptOn?.ToUnixTimeSeconds(), d.LastStatus, d.LastError);
}

public sealed record EventDeliveryList(IReadOnlyList<EventDeliveryDescription> Value);
