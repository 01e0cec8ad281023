using Coffer.Core;
using Coffer.Core.Errors;
using Coffer.Core.Keys;
using Coffer.Server.Objects;
using Coffer.Server.Authorization;
using Coffer.Server.Throttling;
using Coffer.Server.Vaults;
using Coffer.Server.Wire;

namespace Coffer.Server.Keys;

/// <summary>The Keys API of Key Vault (keys.json): objects, versions, soft delete and rotation. Crypto is in <see cref="KeyCryptoEndpoints"/>.</summary>
internal static class KeyEndpoints
{
    public static void MapKeys(this IEndpointRouteBuilder routes)
    {
        var keys = routes.MapGroup("/keys").WithMetadata(DataPlaneEndpoint.Instance);
        keys.MapPost("/{name}/create", CreateAsync).Requires("keys", "create").WithMetadata(ThrottledAs.KeyCreate);
        keys.MapPut("/{name}", ImportAsync).Requires("keys", "import");
        keys.MapGet("/{name}/rotationpolicy", GetRotationPolicyAsync).Requires("keys", "getrotationpolicy");
        keys.MapPut("/{name}/rotationpolicy", SetRotationPolicyAsync).Requires("keys", "setrotationpolicy");
        keys.MapPost("/{name}/rotate", RotateAsync).Requires("keys", "rotate");
        keys.MapGet("/{name}/{version?}", GetAsync).Requires("keys", "get");
        keys.MapPatch("/{name}/{version?}", UpdateAsync).Requires("keys", "update");

        new ListingEndpoints<KeyItem>(ObjectKind.Key, KeyMapper.LatestItem, KeyMapper.Item,
            WireJsonContext.Default.ListResultKeyItem).Map(routes);
        new SoftDeleteEndpoints<DeletedKeyBundle, DeletedKeyItem, KeyBundle>(
            ObjectKind.Key,
            KeyMapper.Deleted, WireJsonContext.Default.DeletedKeyBundle,
            KeyMapper.DeletedItem, WireJsonContext.Default.ListResultDeletedKeyItem,
            (vault, entry) => KeyMapper.Bundle(vault, Key.From(entry.Name, entry.Latest)), WireJsonContext.Default.KeyBundle).Map(routes);
    }

    private static async Task<IResult> CreateAsync(string name, HttpRequest request, RequestVault vault, KeyService keys)
    {
        ObjectName.Validate(name);
        var body = await RequestJson.ReadAsync(request, WireJsonContext.Default.KeyCreateParameters);
        var key = await keys.CreateAsync(vault.Vault, name, new KeyCreateRequest(
            body.Kty ?? throw KeyVaultErrors.BadParameter("The key type (kty) is required."),
            body.KeySize, body.PublicExponent, body.Crv, body.KeyOps, WireAttributes.ToNew(body.Attributes),
            body.Attributes?.Exportable, body.Tags, KeyMapper.FromWire(body.ReleasePolicy)), request.HttpContext.RequestAborted);
        return Bundle(vault, key);
    }

    private static async Task<IResult> ImportAsync(string name, HttpRequest request, RequestVault vault, KeyService keys)
    {
        ObjectName.Validate(name);
        var body = await RequestJson.ReadAsync(request, WireJsonContext.Default.KeyImportParameters);
        var jwk = body.Key ?? throw KeyVaultErrors.BadParameter("The key (a JSON web key) is required.");
        var key = await keys.ImportAsync(vault.Vault, name, new KeyImportRequest(
            KeyMapper.FromWire(jwk), jwk.KeyOps, body.Hsm ?? false, WireAttributes.ToNew(body.Attributes),
            body.Attributes?.Exportable, body.Tags, KeyMapper.FromWire(body.ReleasePolicy)), request.HttpContext.RequestAborted);
        return Bundle(vault, key);
    }

    private static async Task<IResult> GetAsync(string name, string? version, RequestVault vault, KeyService keys, CancellationToken cancellationToken) =>
        Bundle(vault, await keys.GetAsync(vault.Vault, name, version, cancellationToken));

    private static async Task<IResult> UpdateAsync(string name, string? version, HttpRequest request, RequestVault vault, KeyService keys)
    {
        ObjectName.Validate(name);
        var body = await RequestJson.ReadAsync(request, WireJsonContext.Default.KeyUpdateParameters);
        var patch = new ObjectPatch(body.Attributes?.Enabled, WireAttributes.FromUnix(body.Attributes?.Nbf),
            WireAttributes.FromUnix(body.Attributes?.Exp), body.Tags, null);
        var key = await keys.UpdateAsync(vault.Vault, name, version,
            new KeyUpdateRequest(patch, body.KeyOps, KeyMapper.FromWire(body.ReleasePolicy)), request.HttpContext.RequestAborted);
        return Bundle(vault, key);
    }

    private static async Task<IResult> RotateAsync(string name, RequestVault vault, KeyService keys, CancellationToken cancellationToken) =>
        Bundle(vault, await keys.RotateAsync(vault.Vault, name, cancellationToken));

    private static async Task<IResult> GetRotationPolicyAsync(string name, RequestVault vault, KeyService keys, CancellationToken cancellationToken) =>
        Policy(vault, name, await keys.GetRotationPolicyAsync(vault.Vault, name, cancellationToken));

    private static async Task<IResult> SetRotationPolicyAsync(string name, HttpRequest request, RequestVault vault, KeyService keys)
    {
        ObjectName.Validate(name);
        var body = await RequestJson.ReadAsync(request, WireJsonContext.Default.WireRotationPolicy);
        var policy = await keys.SetRotationPolicyAsync(vault.Vault, name, KeyMapper.FromWire(body), request.HttpContext.RequestAborted);
        return Policy(vault, name, policy);
    }

    private static IResult Bundle(RequestVault vault, Key key) =>
        TypedResults.Json(KeyMapper.Bundle(vault, key), WireJsonContext.Default.KeyBundle);

    private static IResult Policy(RequestVault vault, string name, RotationPolicy policy) =>
        TypedResults.Json(KeyMapper.Policy(vault, name, policy), WireJsonContext.Default.WireRotationPolicy);

}
