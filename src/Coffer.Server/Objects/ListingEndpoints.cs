using System.Text.Json.Serialization.Metadata;
using Coffer.Core;
using Coffer.Server.Authorization;
using Coffer.Server.Vaults;
using Coffer.Server.Wire;

namespace Coffer.Server.Objects;

/// <summary>
/// <c>GET /{collection}</c> and <c>GET /{collection}/{name}/versions</c>: the same paging for every kind,
/// each kind giving only its item shape (and, for certificates, the pending ones <c>includePending</c> adds after the last page).
/// </summary>
internal sealed record ListingEndpoints<TItem>(
    ObjectKind Kind,
    Func<RequestVault, ObjectEntry, TItem> LatestItem,
    Func<RequestVault, string, ObjectVersion, TItem> VersionItem,
    JsonTypeInfo<ListResult<TItem>> ListJson,
    Func<HttpRequest, RequestVault, CancellationToken, Task<IReadOnlyList<TItem>>>? LastPageExtras = null)
{
    public void Map(IEndpointRouteBuilder routes)
    {
        var collection = routes.MapGroup($"/{Kind.Collection()}").WithMetadata(DataPlaneEndpoint.Instance);
        collection.MapGet("/", ListAsync).Requires(Kind.Collection(), "list");
        collection.MapGet("/{name}/versions", ListVersionsAsync).Requires(Kind.Collection(), "list");
    }

    private async Task<IResult> ListAsync(HttpRequest request, RequestVault vault, ObjectCatalog catalog, CancellationToken cancellationToken)
    {
        var page = await catalog.ListAsync(vault.Vault, Kind, Paging.Read(request), cancellationToken);
        var list = Paging.ToList(request, vault, page, entry => LatestItem(vault, entry));
        if (list.NextLink is null && LastPageExtras is not null)
        {
            list = list with { Value = [.. list.Value, .. await LastPageExtras(request, vault, cancellationToken)] };
        }

        return TypedResults.Json(list, ListJson);
    }

    private async Task<IResult> ListVersionsAsync(string name, HttpRequest request, RequestVault vault, ObjectCatalog catalog, CancellationToken cancellationToken)
    {
        var page = await catalog.ListVersionsAsync(vault.Vault, Kind, name, Paging.Read(request), cancellationToken);
        return TypedResults.Json(Paging.ToList(request, vault, page, version => VersionItem(vault, name, version)), ListJson);
    }
}
