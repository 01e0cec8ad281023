namespace Coffer.Client.Management;

/// <summary>A vault's event subscription as the management API describes it: whether it has a secret, never the secret; <see cref="CreatedOn"/> in Unix seconds.</summary>
public sealed record EventSubscriptionInfo(
    string Name, string Vault, string Endpoint, IReadOnlyList<string> EventTypes, string Schema, bool HasSecret, long CreatedOn);

/// <summary>A subscription to set: the endpoint, event type names (null for all), <c>EventGridSchema</c> (null) or <c>CloudEventSchemaV1_0</c>, an optional signing secret.</summary>
public sealed record EventSubscriptionRequest(string Endpoint, IReadOnlyList<string>? EventTypes = null, string? Schema = null, string? Secret = null);

/// <summary>One event sent (or being sent) to a subscription: <c>pending</c>, <c>delivered</c> or <c>failed</c>, attempts, the last answer. Unix-second times.</summary>
public sealed record EventDeliveryInfo(
    string EventId, string EventType, string? ObjectName, string? Version, long EventTime, string Outcome, int Attempts, long? NextAttemptOn,
    long? LastAttemptOn, int? LastStatus, string? LastError);

internal sealed record EventSubscriptionListResponse(IReadOnlyList<EventSubscriptionInfo> Value);

internal sealed record EventDeliveryListResponse(IReadOnlyList<EventDeliveryInfo> Value);
