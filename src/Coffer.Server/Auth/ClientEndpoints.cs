using Coffer.Core.Management;
using Coffer.Server.Vaults;
using Coffer.Server.Wire;

namespace Coffer.Server.Auth;

/// <summary>
/// <c>/_coffer/clients</c> (admins only): register a client (service principal) of the built-in issuer — its secret
/// is answered once and stored only as a hash — list them, delete one, through <see cref="ClientManagement"/>. What a
/// client may do is up to each vault.
/// </summary>
internal static class ClientEndpoints
{
    public static void MapClients(this IEndpointRouteBuilder routes)
    {
        var clients = routes.MapGroup("/_coffer/clients").WithMetadata(AdminEndpoint.Instance);
        clients.MapPost("/", CreateAsync);
        clients.MapGet("/", async (ClientManagement management, CancellationToken cancellationToken) => TypedResults.Json(
            new ClientList((await management.ListAsync(cancellationToken)).Select(c => ClientDescription.From(c)).ToList()), WireJsonContext.Default.ClientList));
        clients.MapDelete("/{clientId}", async (string clientId, ClientManagement management, CancellationToken cancellationToken) =>
        {
            await management.DeleteAsync(clientId, cancellationToken);
            return TypedResults.NoContent();
        });
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, ClientManagement management)
    {
        var body = await RequestJson.ReadAsync(request, WireJsonContext.Default.ClientCreateParameters);
        var (client, secret) = await management.CreateAsync(body.Name, body.Admin ?? false, request.HttpContext.RequestAborted);
        return TypedResults.Json(ClientDescription.From(client, secret), WireJsonContext.Default.ClientDescription, statusCode: StatusCodes.Status201Created);
    }
}
