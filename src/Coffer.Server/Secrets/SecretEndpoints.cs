using Coffer.Core;
using Coffer.Core.Authorization;
using Coffer.Core.Secrets;
using Coffer.Server.Objects;
using Coffer.Server.Authorization;
using Coffer.Server.Throttling;
using Coffer.Server.Vaults;
using Coffer.Server.Wire;

namespace Coffer.Server.Secrets;

/// <summary>The Secrets API of Key Vault (secrets.json, 7.4 and 2025-07-01), backup and restore aside.</summary>
internal static class SecretEndpoints
{
    public static void MapSecrets(this IEndpointRouteBuilder routes)
    {
        var secrets = routes.MapGroup("/secrets").WithMetadata(DataPlaneEndpoint.Instance);
        secrets.MapPut("/{name}", SetAsync).Requires("secrets", "set").WithMetadata(ThrottledAs.SecretSet);
        secrets.MapGet("/{name}/{version?}", GetAsync).Requires("secrets", "get");
        secrets.MapPatch("/{name}/{version?}", UpdateAsync).Requires("secrets", "set", DataPlanePermissions.SecretUpdateDataAction);

        new ListingEndpoints<SecretItem>(ObjectKind.Secret, SecretMapper.LatestItem, SecretMapper.Item,
            WireJsonContext.Default.ListResultSecretItem).Map(routes);
        new SoftDeleteEndpoints<DeletedSecretBundle, DeletedSecretItem, SecretBundle>(
            ObjectKind.Secret,
            SecretMapper.Deleted, WireJsonContext.Default.DeletedSecretBundle,
            SecretMapper.DeletedItem, WireJsonContext.Default.ListResultDeletedSecretItem,
            SecretMapper.Bundle, WireJsonContext.Default.SecretBundle).Map(routes);
    }

    private static async Task<IResult> SetAsync(string name, HttpRequest request, RequestVault vault, SecretService secrets)
    {
        ObjectName.Validate(name);
        var body = await RequestJson.ReadAsync(request, WireJsonContext.Default.SecretSetParameters);
        if (body.Value is null)
        {
            throw Core.Errors.KeyVaultErrors.BadParameter("The secret value (value) is required.");
        }

        var secret = await secrets.SetAsync(vault.Vault, name,
            new SecretSetRequest(body.Value, body.ContentType, WireAttributes.ToNew(body.Attributes), body.Tags),
            request.HttpContext.RequestAborted);
        return TypedResults.Json(SecretMapper.Bundle(vault, secret), WireJsonContext.Default.SecretBundle);
    }

    private static async Task<IResult> GetAsync(string name, string? version, RequestVault vault, SecretService secrets, CancellationToken cancellationToken)
    {
        var secret = await secrets.GetAsync(vault.Vault, name, version, cancellationToken);
        return TypedResults.Json(SecretMapper.Bundle(vault, secret), WireJsonContext.Default.SecretBundle);
    }

    private static async Task<IResult> UpdateAsync(string name, string? version, HttpRequest request, RequestVault vault, SecretService secrets)
    {
        ObjectName.Validate(name);
        var body = await RequestJson.ReadAsync(request, WireJsonContext.Default.SecretUpdateParameters);
        var patch = new ObjectPatch(body.Attributes?.Enabled, WireAttributes.FromUnix(body.Attributes?.Nbf),
            WireAttributes.FromUnix(body.Attributes?.Exp), body.Tags, body.ContentType);
        var secret = await secrets.UpdateAsync(vault.Vault, name, version, patch, request.HttpContext.RequestAborted);
        return TypedResults.Json(SecretMapper.Bundle(vault, secret), WireJsonContext.Default.SecretBundle);
    }
}
