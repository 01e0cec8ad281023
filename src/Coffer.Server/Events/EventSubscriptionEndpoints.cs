using Coffer.Core.Errors;
using Coffer.Core.Management;
using Coffer.Server.Vaults;
using Coffer.Server.Wire;

namespace Coffer.Server.Events;

/// <summary>
/// The management API of event subscriptions, through <see cref="VaultEventSubscriptions"/>: a vault's subscriptions
/// (<c>GET /_coffer/vaults/{name}/eventSubscriptions</c>, <c>GET|PUT|DELETE …/eventSubscriptions/{subscription}</c>) and
/// a subscription's recent deliveries (<c>GET …/{subscription}/deliveries?top=N</c>). Admins only.
/// </summary>
internal static class EventSubscriptionEndpoints
{
    public static void MapEventSubscriptions(this IEndpointRouteBuilder routes)
    {
        var subscriptions = routes.MapGroup(VaultEndpoints.Prefix + "/{name}/eventSubscriptions").WithMetadata(AdminEndpoint.Instance);
        subscriptions.MapGet("", ListAsync);
        subscriptions.MapGet("/{subscription}", GetAsync);
        subscriptions.MapPut("/{subscription}", SetAsync);
        subscriptions.MapDelete("/{subscription}", DeleteAsync);
        subscriptions.MapGet("/{subscription}/deliveries", ListDeliveriesAsync);
    }

    private static async Task<IResult> ListAsync(string name, VaultEventSubscriptions subscriptions, CancellationToken cancellationToken) =>
        TypedResults.Json(new EventSubscriptionList([.. (await subscriptions.ListAsync(name, cancellationToken)).Select(EventSubscriptionDescription.From)]),
            WireJsonContext.Default.EventSubscriptionList);

    private static async Task<IResult> GetAsync(string name, string subscription, VaultEventSubscriptions subscriptions, CancellationToken cancellationToken) =>
        TypedResults.Json(EventSubscriptionDescription.From(await subscriptions.GetAsync(name, subscription, cancellationToken)),
            WireJsonContext.Default.EventSubscriptionDescription);

    private static async Task<IResult> SetAsync(string name, string subscription, HttpRequest request, VaultEventSubscriptions subscriptions)
    {
        var body = await RequestJson.ReadAsync(request, WireJsonContext.Default.EventSubscriptionParameters);
        var set = await subscriptions.SetAsync(name, subscription, body.Endpoint, body.EventTypes, body.Schema, body.Secret, request.HttpContext.RequestAborted);
        return TypedResults.Json(EventSubscriptionDescription.From(set), WireJsonContext.Default.EventSubscriptionDescription);
    }

    private static async Task<IResult> DeleteAsync(string name, string subscription, VaultEventSubscriptions subscriptions, CancellationToken cancellationToken)
    {
        await subscriptions.DeleteAsync(name, subscription, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> ListDeliveriesAsync(string name, string subscription, HttpRequest request, VaultEventSubscriptions subscriptions,
        CancellationToken cancellationToken)
    {
        var top = 100;
        if (request.Query["top"] is { Count: > 0 } given && (given.Count > 1 || !int.TryParse(given[0], out top) || top < 1))
        {
            throw KeyVaultErrors.BadParameter("top must be a positive whole number, given once.");
        }

        var deliveries = await subscriptions.ListDeliveriesAsync(name, subscription, top, cancellationToken);
        return TypedResults.Json(new EventDeliveryList([.. deliveries.Select(EventDeliveryDescription.From)]), WireJsonContext.Default.EventDeliveryList);
    }
}
