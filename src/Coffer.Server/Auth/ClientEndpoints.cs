using Coffer.Core.Auth;
using Coffer.Core.Errors;
using Coffer.Core.Storage;
using Coffer.Server.Hosting;
using Coffer.Server.Vaults;
using Coffer.Server.Wire;

namespace Coffer.Server.Auth;

/// <summary>
/// <c>/_coffer/clients</c> (admins only): register a client (service principal) of the built-in issuer — its secret
/// is answered once and stored only as a hash — list them, delete one. What a client may do is up to each vault.
/// </summary>
internal static class ClientEndpoints
{
    public static void MapClients(this IEndpointRouteBuilder routes)
    {
        var clients = routes.MapGroup("/_coffer/clients").WithMetadata(AdminEndpoint.Instance);
        clients.MapPost("/", CreateAsync);
        clients.MapGet("/", async (IClientStore store, CancellationToken cancellationToken) => TypedResults.Json(
            new ClientList((await store.ListAsync(cancellationToken)).Select(c => ClientDescription.From(c)).ToList()), WireJsonContext.Default.ClientList));
        clients.MapDelete("/{clientId}", DeleteAsync);
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, IClientStore store, Deployment deployment, TimeProvider time)
    {
        var body = await RequestJson.ReadAsync(request, WireJsonContext.Default.ClientCreateParameters);
        var name = body.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 120 || name.Any(char.IsControl))
        {
            throw KeyVaultErrors.BadParameter("A client needs a name (1-120 printable characters).");
        }

        var secret = ClientSecretHasher.NewSecret();
        var client = new ClientRegistration(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), deployment.TenantId, name,
            ClientSecretHasher.Hash(secret), body.Admin ?? false, time.GetUtcNow());
        await store.CreateAsync(client, request.HttpContext.RequestAborted);
        return TypedResults.Json(ClientDescription.From(client, secret), WireJsonContext.Default.ClientDescription, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> DeleteAsync(string clientId, IClientStore store, Deployment deployment, CancellationToken cancellationToken)
    {
        if (string.Equals(clientId, deployment.DefaultClientId, StringComparison.OrdinalIgnoreCase))
        {
            throw new KeyVaultException(409, "Conflict", "The default client cannot be deleted.");
        }

        return await store.DeleteAsync(clientId, cancellationToken)
            ? TypedResults.NoContent()
            : throw new KeyVaultException(404, "ClientNotFound", $"No client with id {clientId}.");
    }
}
