using Coffer.Core.Diagnostics;
using Coffer.Core;
using Coffer.Core.Backup;
using Coffer.Core.Keys;
using Coffer.Server.Audit;
using Coffer.Server.Authorization;
using Coffer.Server.Certificates;
using Coffer.Server.Hosting;
using Coffer.Server.Keys;
using Coffer.Server.Secrets;
using Coffer.Server.Vaults;
using Coffer.Server.Wire;
using Microsoft.AspNetCore.Mvc;

namespace Coffer.Server.Backup;

/// <summary>
/// <c>POST /{keys|secrets|certificates}/{name}/backup</c> and <c>POST /{…}/restore</c>, for every
/// api-version. A backup POST may come with no body at all (the C++ SDK sends content-length 0).
/// </summary>
internal static class BackupEndpoints
{
    public static void MapBackup(this IEndpointRouteBuilder routes, CofferOptions options)
    {
        var restoreLimit = new RequestSizeLimitAttribute(options.MaxRestoreBodyBytes);
        Map(routes, ObjectKind.Secret, restoreLimit, (vault, entry) =>
            TypedResults.Json(SecretMapper.Bundle(vault, entry), WireJsonContext.Default.SecretBundle));
        Map(routes, ObjectKind.Key, restoreLimit, (vault, entry) =>
            TypedResults.Json(KeyMapper.Bundle(vault, Key.From(entry.Name, entry.Latest)), WireJsonContext.Default.KeyBundle));
        Map(routes, ObjectKind.Certificate, restoreLimit, (vault, entry) =>
            TypedResults.Json(CertificateMapper.Bundle(vault, entry), WireJsonContext.Default.CertificateBundle));
    }

    /// <summary>Restore answers with the restored object's latest version exactly as a get would.</summary>
    private static void Map(IEndpointRouteBuilder routes, ObjectKind kind, RequestSizeLimitAttribute restoreLimit,
        Func<RequestVault, ObjectEntry, IResult> restored)
    {
        var collection = kind.Collection();
        routes.MapPost($"/{collection}/{{name}}/backup", (string name, RequestVault vault, BackupService backups, CancellationToken cancellationToken) =>
                BackupAsync(kind, name, vault, backups, cancellationToken))
            .WithMetadata(DataPlaneEndpoint.Instance, new PermissionRequirement(collection, "backup"))
            .AuditedOnRelease();
        routes.MapPost($"/{collection}/restore", async (HttpRequest request, RequestVault vault, BackupService backups) =>
            {
                return restored(vault, await RestoreAsync(kind, request, vault, backups));
            })
            .WithMetadata(DataPlaneEndpoint.Instance, restoreLimit, new PermissionRequirement(collection, "restore"));
    }

    private static async Task<IResult> BackupAsync(ObjectKind kind, string name, RequestVault vault, BackupService backups, CancellationToken cancellationToken)
    {
        var blob = await backups.BackupAsync(vault.Vault, kind, name, cancellationToken);
        CofferMetrics.BackupMade(KindName(kind), blob.Length);
        return new BackupBlobResult(blob);
    }

    private static async Task<ObjectEntry> RestoreAsync(ObjectKind kind, HttpRequest request, RequestVault vault, BackupService backups)
    {
        var blob = await ReadBlobAsync(request);
        var restored = await backups.RestoreAsync(vault.Vault, kind, blob, request.HttpContext.RequestAborted);
        CofferMetrics.BackupRestored(KindName(kind), blob.Length);
        request.HttpContext.Features.Get<AuditScope>()?.Describe(restored.Name, restored.Latest.Version);
        return restored;
    }

    private static string KindName(ObjectKind kind) => kind switch
    {
        ObjectKind.Key => "key",
        ObjectKind.Secret => "secret",
        _ => "certificate",
    };

    /// <summary>The blob of a <c>{"value": base64url}</c> body (canonical base64url only); Azure's 400 for a malformed blob when there is none.</summary>
    internal static async Task<byte[]> ReadBlobAsync(HttpRequest request)
    {
        var body = await RequestJson.ReadAsync(request, WireJsonContext.Default.BackupBlobWire);
        if (string.IsNullOrEmpty(body.Value))
        {
            throw BackupErrors.Corrupt("it is empty.");
        }

        try
        {
            return Base64UrlBytesConverter.DecodeCanonical(body.Value);
        }
        catch (FormatException)
        {
            throw BackupErrors.Corrupt("it is not canonical base64url (no padding, whitespace or '+/').");
        }
    }
}
