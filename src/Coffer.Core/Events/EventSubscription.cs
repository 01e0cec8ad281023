namespace Coffer.Core.Events;

/// <summary>How deliveries are shaped; on the wire <c>EventGridSchema</c> and <c>CloudEventSchemaV1_0</c>, as Event Grid names them.</summary>
public enum EventSchema
{
    EventGrid,
    CloudEvents,
}

/// <summary>
/// Where a vault's events go: an endpoint, the types it takes (<see cref="TypeMask"/>, bits of
/// <see cref="VaultEventTypes.Bit"/>), the schema, and the shared secret that signs each delivery, sealed at rest.
/// </summary>
public sealed record EventSubscription(
    string Vault,
    string Name,
    Uri Endpoint,
    int TypeMask,
    EventSchema Schema,
    byte[]? SealedSecret,
    DateTimeOffset CreatedOn)
{
    public IReadOnlyList<VaultEventType> Types => VaultEventTypes.FromMask(TypeMask);

    /// <summary>The context the secret is sealed under, so a sealed secret moved to another subscription fails to open.</summary>
    public static string SecretContext(string vault, string name) =>
        $"event-subscription:{vault.ToLowerInvariant()}/{name.ToLowerInvariant()}";
}
