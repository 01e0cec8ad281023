using System.Buffers.Text;
using Coffer.Core;
using Coffer.Core.Backup;
using Coffer.Core.Keys;
using Coffer.Core.Secrets;
using Coffer.Server.Hosting;
using Coffer.Server.Keys;
using Coffer.Server.Secrets;
using Coffer.Server.Vaults;
using Coffer.Server.Wire;
using Microsoft.AspNetCore.Mvc;

namespace Coffer.Server.Backup;

/// <summary>
/// <c>POST /{keys|secrets}/{name}/backup</c> and <c>POST /{keys|secrets}/restore</c>, for every
/// api-version. A backup POST may come with no body at all (the C++ SDK sends content-length 0).
/// </summary>
internal static class BackupEndpoints
{
    public static void MapBackup(this IEndpointRouteBuilder routes, CofferOptions options)
    {
        var restoreLimit = new RequestSizeLimitAttribute(options.MaxRestoreBodyBytes);

        routes.MapPost("/secrets/{name}/backup", (string name, RequestVault vault, BackupService backups, CancellationToken cancellationToken) =>
                BackupAsync(ObjectKind.Secret, name, vault, backups, cancellationToken))
            .WithMetadata(DataPlaneEndpoint.Instance);
        routes.MapPost("/secrets/restore", async (HttpRequest request, RequestVault vault, BackupService backups) =>
            {
                var entry = await RestoreAsync(ObjectKind.Secret, request, vault, backups);
                return TypedResults.Json(SecretMapper.Bundle(vault, entry), WireJsonContext.Default.SecretBundle);
            })
            .WithMetadata(DataPlaneEndpoint.Instance, restoreLimit);

        routes.MapPost("/keys/{name}/backup", (string name, RequestVault vault, BackupService backups, CancellationToken cancellationToken) =>
                BackupAsync(ObjectKind.Key, name, vault, backups, cancellationToken))
            .WithMetadata(DataPlaneEndpoint.Instance);
        routes.MapPost("/keys/restore", async (HttpRequest request, RequestVault vault, BackupService backups) =>
            {
                var entry = await RestoreAsync(ObjectKind.Key, request, vault, backups);
                return TypedResults.Json(KeyMapper.Bundle(vault, Key.From(entry.Name, entry.Latest)), WireJsonContext.Default.KeyBundle);
            })
            .WithMetadata(DataPlaneEndpoint.Instance, restoreLimit);
    }

    private static async Task<IResult> BackupAsync(ObjectKind kind, string name, RequestVault vault, BackupService backups, CancellationToken cancellationToken)
    {
        var blob = await backups.BackupAsync(vault.Vault, kind, name, cancellationToken);
        return TypedResults.Json(new BackupBlobWire(Base64Url.EncodeToString(blob)), WireJsonContext.Default.BackupBlobWire);
    }

    private static async Task<ObjectEntry> RestoreAsync(ObjectKind kind, HttpRequest request, RequestVault vault, BackupService backups)
    {
        var body = await RequestJson.ReadAsync(request, WireJsonContext.Default.BackupBlobWire);
        if (string.IsNullOrEmpty(body.Value))
        {
            throw BackupErrors.Corrupt("it is empty.");
        }

        byte[] blob;
        try
        {
            blob = Base64UrlBytesConverter.Decode(body.Value);
        }
        catch (FormatException)
        {
            throw BackupErrors.Corrupt("it is not base64url.");
        }

        return await backups.RestoreAsync(vault.Vault, kind, blob, request.HttpContext.RequestAborted);
    }
}
