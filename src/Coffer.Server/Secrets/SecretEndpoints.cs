using Coffer.Core;
using Coffer.Core.Secrets;
using Coffer.Server.Vaults;
using Coffer.Server.Wire;

namespace Coffer.Server.Secrets;

/// <summary>The Secrets API of Key Vault (secrets.json, 7.4 and 2025-07-01), backup and restore aside.</summary>
internal static class SecretEndpoints
{
    public static void MapSecrets(this IEndpointRouteBuilder routes)
    {
        var secrets = routes.MapGroup("/secrets").WithMetadata(DataPlaneEndpoint.Instance);
        secrets.MapPut("/{name}", SetAsync);
        secrets.MapGet("/", ListAsync);
        secrets.MapGet("/{name}/versions", ListVersionsAsync);
        secrets.MapGet("/{name}/{version?}", GetAsync);
        secrets.MapPatch("/{name}/{version?}", UpdateAsync);
        secrets.MapDelete("/{name}", DeleteAsync);

        var deleted = routes.MapGroup("/deletedsecrets").WithMetadata(DataPlaneEndpoint.Instance);
        deleted.MapGet("/", ListDeletedAsync);
        deleted.MapGet("/{name}", GetDeletedAsync);
        deleted.MapDelete("/{name}", PurgeAsync);
        deleted.MapPost("/{name}/recover", RecoverAsync);
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
        var secret = await secrets.GetAsync(vault.Vault, name, NullIfEmpty(version), cancellationToken);
        return TypedResults.Json(SecretMapper.Bundle(vault, secret), WireJsonContext.Default.SecretBundle);
    }

    private static async Task<IResult> UpdateAsync(string name, string? version, HttpRequest request, RequestVault vault, SecretService secrets)
    {
        ObjectName.Validate(name);
        var body = await RequestJson.ReadAsync(request, WireJsonContext.Default.SecretUpdateParameters);
        var patch = new ObjectPatch(body.Attributes?.Enabled, WireAttributes.FromUnix(body.Attributes?.Nbf),
            WireAttributes.FromUnix(body.Attributes?.Exp), body.Tags, body.ContentType);
        var secret = await secrets.UpdateAsync(vault.Vault, name, NullIfEmpty(version), patch, request.HttpContext.RequestAborted);
        return TypedResults.Json(SecretMapper.Bundle(vault, secret), WireJsonContext.Default.SecretBundle);
    }

    private static async Task<IResult> ListAsync(HttpRequest request, RequestVault vault, SecretService secrets, CancellationToken cancellationToken)
    {
        var page = await secrets.ListAsync(vault.Vault, Paging.Read(request), cancellationToken);
        return TypedResults.Json(Paging.ToList(request, vault, page, entry => SecretMapper.LatestItem(vault, entry)),
            WireJsonContext.Default.ListResultSecretItem);
    }

    private static async Task<IResult> ListVersionsAsync(string name, HttpRequest request, RequestVault vault, SecretService secrets, CancellationToken cancellationToken)
    {
        var page = await secrets.ListVersionsAsync(vault.Vault, name, Paging.Read(request), cancellationToken);
        return TypedResults.Json(Paging.ToList(request, vault, page, version => SecretMapper.Item(vault, name, version)),
            WireJsonContext.Default.ListResultSecretItem);
    }

    private static async Task<IResult> DeleteAsync(string name, RequestVault vault, ObjectLifecycle lifecycle, CancellationToken cancellationToken)
    {
        var entry = await lifecycle.DeleteAsync(vault.Vault, ObjectKind.Secret, name, cancellationToken);
        return TypedResults.Json(SecretMapper.Deleted(vault, entry), WireJsonContext.Default.DeletedSecretBundle);
    }

    private static async Task<IResult> ListDeletedAsync(HttpRequest request, RequestVault vault, ObjectLifecycle lifecycle, CancellationToken cancellationToken)
    {
        var page = await lifecycle.ListDeletedAsync(vault.Vault, ObjectKind.Secret, Paging.Read(request), cancellationToken);
        return TypedResults.Json(Paging.ToList(request, vault, page, entry => SecretMapper.DeletedItem(vault, entry)),
            WireJsonContext.Default.ListResultDeletedSecretItem);
    }

    private static async Task<IResult> GetDeletedAsync(string name, RequestVault vault, ObjectLifecycle lifecycle, CancellationToken cancellationToken)
    {
        var entry = await lifecycle.GetDeletedAsync(vault.Vault, ObjectKind.Secret, name, cancellationToken);
        return TypedResults.Json(SecretMapper.Deleted(vault, entry), WireJsonContext.Default.DeletedSecretBundle);
    }

    private static async Task<IResult> PurgeAsync(string name, RequestVault vault, ObjectLifecycle lifecycle, CancellationToken cancellationToken)
    {
        await lifecycle.PurgeAsync(vault.Vault, ObjectKind.Secret, name, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> RecoverAsync(string name, RequestVault vault, ObjectLifecycle lifecycle, CancellationToken cancellationToken)
    {
        var entry = await lifecycle.RecoverAsync(vault.Vault, ObjectKind.Secret, name, cancellationToken);
        return TypedResults.Json(SecretMapper.Bundle(vault, entry), WireJsonContext.Default.SecretBundle);
    }

    private static string? NullIfEmpty(string? version) => string.IsNullOrEmpty(version) ? null : version;
}
