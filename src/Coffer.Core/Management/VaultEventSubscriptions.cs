using System.Net;
using System.Text;
using Coffer.Core.Crypto;
using Coffer.Core.Errors;
using Coffer.Core.Events;
using Coffer.Core.Storage;

namespace Coffer.Core.Management;

/// <summary>A vault's event subscriptions and their recent deliveries, as the management API and the CLI change and read them.</summary>
public sealed class VaultEventSubscriptions(IEventStore store, IVaultStore vaults, EnvelopeSealer sealer, TimeProvider time)
{
    public const int MaxDeliveriesListed = 1000;
    public const int MaxSecretLength = 256;

    /// <summary>
    /// Creates or replaces a subscription: an https endpoint (http only on loopback), event type names (null for all), a
    /// schema name (null for <c>EventGridSchema</c>), an optional shared secret. 400 for bad input, 404 for no such vault.
    /// </summary>
    public async Task<EventSubscription> SetAsync(string vault, string name, string? endpoint, IReadOnlyList<string>? eventTypes, string? schema,
        string? secret, CancellationToken cancellationToken)
    {
        if (!ObjectName.IsValid(name) || name.Length > 64)
        {
            throw KeyVaultErrors.BadParameter($"The subscription name '{name}' is not 1-64 characters of 0-9, a-z, A-Z and -.");
        }

        if (secret is { Length: 0 or > MaxSecretLength })
        {
            throw KeyVaultErrors.BadParameter($"secret must be 1-{MaxSecretLength} characters.");
        }

        var subscription = new EventSubscription(vault, name, Endpoint(endpoint), TypeMask(eventTypes), Schema(schema),
            secret is null ? null : sealer.Seal(Encoding.UTF8.GetBytes(secret), EventSubscription.SecretContext(vault, name)), time.GetUtcNow());
        return await store.SetSubscriptionAsync(subscription, cancellationToken)
            ? await store.GetSubscriptionAsync(vault, name, cancellationToken) ?? subscription
            : throw KeyVaultErrors.VaultNotFound(vault);
    }

    /// <summary>404 when there is no such vault or subscription.</summary>
    public async Task<EventSubscription> GetAsync(string vault, string name, CancellationToken cancellationToken) =>
        await store.GetSubscriptionAsync(vault, name, cancellationToken) ?? throw await NotFoundAsync(vault, name, cancellationToken);

    /// <summary>404 when there is no such vault.</summary>
    public async Task<IReadOnlyList<EventSubscription>> ListAsync(string vault, CancellationToken cancellationToken)
    {
        _ = await vaults.GetAsync(vault, cancellationToken) ?? throw KeyVaultErrors.VaultNotFound(vault);
        return await store.ListSubscriptionsAsync(vault, cancellationToken);
    }

    /// <summary>Removes the subscription and its deliveries; 404 when there is no such vault or subscription.</summary>
    public async Task DeleteAsync(string vault, string name, CancellationToken cancellationToken)
    {
        if (!await store.DeleteSubscriptionAsync(vault, name, cancellationToken))
        {
            throw await NotFoundAsync(vault, name, cancellationToken);
        }
    }

    /// <summary>The subscription's deliveries, newest first; 404 when there is no such vault or subscription.</summary>
    public async Task<IReadOnlyList<EventDelivery>> ListDeliveriesAsync(string vault, string name, int limit, CancellationToken cancellationToken)
    {
        _ = await GetAsync(vault, name, cancellationToken);
        return await store.ListDeliveriesAsync(vault, name, Math.Clamp(limit, 1, MaxDeliveriesListed), cancellationToken);
    }

    /// <summary>Wire names of the schemas, as Event Grid spells them.</summary>
    public static string SchemaName(EventSchema schema) => schema == EventSchema.CloudEvents ? "CloudEventSchemaV1_0" : "EventGridSchema";

    private static Uri Endpoint(string? endpoint)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0 || uri.Fragment.Length > 0
            || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri))))
        {
            throw KeyVaultErrors.BadParameter(
                $"endpoint '{endpoint}' must be an absolute https URL without user info or fragment (http only for a loopback address).");
        }

        return uri;
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    private static int TypeMask(IReadOnlyList<string>? eventTypes)
    {
        if (eventTypes is null)
        {
            return VaultEventTypes.Mask(VaultEventTypes.All);
        }

        if (eventTypes.Count == 0)
        {
            throw KeyVaultErrors.BadParameter("eventTypes must name at least one event type, or be left out for all of them.");
        }

        return VaultEventTypes.Mask(eventTypes.Select(t => VaultEventTypes.Parse(t ?? "") ?? throw KeyVaultErrors.BadParameter(
            $"Unknown event type '{t}': use one of {string.Join(", ", VaultEventTypes.All.Select(a => a.WireName()))}.")));
    }

    private static EventSchema Schema(string? schema) =>
        schema is null || schema.Equals(SchemaName(EventSchema.EventGrid), StringComparison.OrdinalIgnoreCase) ? EventSchema.EventGrid
        : schema.Equals(SchemaName(EventSchema.CloudEvents), StringComparison.OrdinalIgnoreCase) ? EventSchema.CloudEvents
        : throw KeyVaultErrors.BadParameter($"Unknown schema '{schema}': use EventGridSchema or CloudEventSchemaV1_0.");

    private async Task<KeyVaultException> NotFoundAsync(string vault, string name, CancellationToken cancellationToken) =>
        await vaults.GetAsync(vault, cancellationToken) is null
            ? KeyVaultErrors.VaultNotFound(vault)
            : KeyVaultErrors.NotFound($"Vault {vault} has no event subscription {name}.");
}
