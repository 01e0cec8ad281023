using System.Text.Json.Serialization.Metadata;
using Coffer.Core;
using Coffer.Core.Authorization;
using Coffer.Server.Authorization;
using Coffer.Server.Vaults;
using Coffer.Server.Wire;

namespace Coffer.Server.Objects;

/// <summary>
/// Delete, get/list deleted, recover and purge: the same routes and rules for every kind
/// (<c>DELETE /{collection}/{name}</c>, <c>/deleted{collection}/...</c>), each kind giving only its wire shapes.
/// </summary>
internal sealed record SoftDeleteEndpoints<TDeleted, TDeletedItem, TRecovered>(
    ObjectKind Kind,
    Func<RequestVault, ObjectEntry, TDeleted> Deleted,
    JsonTypeInfo<TDeleted> DeletedJson,
    Func<RequestVault, ObjectEntry, TDeletedItem> DeletedItem,
    JsonTypeInfo<ListResult<TDeletedItem>> DeletedListJson,
    Func<RequestVault, ObjectEntry, TRecovered> Recovered,
    JsonTypeInfo<TRecovered> RecoveredJson)
{
    public void Map(IEndpointRouteBuilder routes)
    {
        var collection = Kind.Collection();
        routes.MapDelete($"/{collection}/{{name}}", DeleteAsync).WithMetadata(DataPlaneEndpoint.Instance).Requires(collection, "delete");

        var deleted = routes.MapGroup($"/deleted{collection}").WithMetadata(DataPlaneEndpoint.Instance);
        deleted.MapGet("/", ListDeletedAsync).Requires(collection, "list");
        // A deleted secret is shown without its value: RBAC asks only for its metadata.
        deleted.MapGet("/{name}", GetDeletedAsync).Requires(collection, "get",
            Kind == ObjectKind.Secret ? DataPlanePermissions.SecretReadMetadataDataAction : null);
        deleted.MapDelete("/{name}", PurgeAsync).Requires(collection, "purge");
        deleted.MapPost("/{name}/recover", RecoverAsync).Requires(collection, "recover");
    }

    private async Task<IResult> DeleteAsync(string name, RequestVault vault, ObjectLifecycle lifecycle, CancellationToken cancellationToken) =>
        TypedResults.Json(Deleted(vault, await lifecycle.DeleteAsync(vault.Vault, Kind, name, cancellationToken)), DeletedJson);

    private async Task<IResult> ListDeletedAsync(HttpRequest request, RequestVault vault, ObjectLifecycle lifecycle, CancellationToken cancellationToken)
    {
        var page = await lifecycle.ListDeletedAsync(vault.Vault, Kind, Paging.Read(request), cancellationToken);
        return TypedResults.Json(Paging.ToList(request, vault, page, entry => DeletedItem(vault, entry)), DeletedListJson);
    }

    private async Task<IResult> GetDeletedAsync(string name, RequestVault vault, ObjectLifecycle lifecycle, CancellationToken cancellationToken) =>
        TypedResults.Json(Deleted(vault, await lifecycle.GetDeletedAsync(vault.Vault, Kind, name, cancellationToken)), DeletedJson);

    private async Task<IResult> PurgeAsync(string name, RequestVault vault, ObjectLifecycle lifecycle, CancellationToken cancellationToken)
    {
        await lifecycle.PurgeAsync(vault.Vault, Kind, name, cancellationToken);
        return TypedResults.NoContent();
    }

    private async Task<IResult> RecoverAsync(string name, RequestVault vault, ObjectLifecycle lifecycle, CancellationToken cancellationToken) =>
        TypedResults.Json(Recovered(vault, await lifecycle.RecoverAsync(vault.Vault, Kind, name, cancellationToken)), RecoveredJson);
}
