using Coffer.Core;
using Coffer.Core.Backup;
using Coffer.Server.Audit;
using Coffer.Server.Authorization;
using Coffer.Server.Hosting;
using Coffer.Server.Vaults;
using Microsoft.AspNetCore.Mvc;

namespace Coffer.Server.Backup;

/// <summary>
/// Coffer's extension <c>POST /_coffer/backup/{keys|secrets|certificates}/inspect</c> with <c>{"value": base64url}</c>
/// on a vault host: opens the blob exactly as restore into that vault would (same permission, same 400s)
/// and answers what it holds — header, name, versions and their attributes, never values or key material —
/// and whether this vault could take it. Nothing is written. For <c>coffer backup inspect --verify</c>.
/// </summary>
internal static class BackupInspectEndpoints
{
    public static void MapBackupInspect(this IEndpointRouteBuilder routes, CofferOptions options)
    {
        var limit = new RequestSizeLimitAttribute(options.MaxRestoreBodyBytes);
        foreach (var kind in Enum.GetValues<ObjectKind>())
        {
            routes.MapPost($"/_coffer/backup/{kind.Collection()}/inspect", async (HttpRequest request, RequestVault vault, BackupInspector inspector) =>
                {
                    var blob = await BackupEndpoints.ReadBlobAsync(request);
                    var inspection = await inspector.InspectAsync(vault.Vault, kind, blob, request.HttpContext.RequestAborted);
                    return TypedResults.Json(BackupInspectionWire.From(inspection), BackupInspectJsonContext.Default.BackupInspectionWire);
                })
                .WithMetadata(DataPlaneEndpoint.Instance, limit, new PermissionRequirement(kind.Collection(), "restore"))
                .AuditedOnRelease();
        }
    }
}
