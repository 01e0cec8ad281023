using Coffer.Core;
using Coffer.Core.Backup.Archive;
using Coffer.Core.Errors;
using Coffer.Server.Audit;
using Coffer.Server.Authorization;
using Coffer.Server.Hosting;
using Coffer.Server.Vaults;
using Microsoft.AspNetCore.Mvc;

namespace Coffer.Server.Backup;

/// <summary>
/// Whole-vault backup and restore, Coffer extensions on the vault host (docs/backup-format.md, "Vault archive"):
/// <c>POST /_coffer/backup</c> streams a signed archive of the vault from one read transaction;
/// <c>POST /_coffer/restore?onConflict=fail|skip|overwrite-if-purged</c> checks a whole archive, then
/// restores it object by object and answers a report. Both need the permission for every object kind.
/// </summary>
internal static class VaultArchiveEndpoints
{
    public const string BackupPath = "/_coffer/backup";
    public const string RestorePath = "/_coffer/restore";
    public const string ContentType = "application/vnd.coffer.vault-archive";

    private static readonly ObjectKind[] Kinds = [ObjectKind.Key, ObjectKind.Secret, ObjectKind.Certificate];

    public static void MapVaultArchives(this IEndpointRouteBuilder routes, CofferOptions options)
    {
        routes.MapPost(BackupPath, Backup)
            .WithMetadata([DataPlaneEndpoint.Instance, .. Permissions("backup")])
            .AuditedOnRelease();
        routes.MapPost(RestorePath, RestoreAsync)
            .WithMetadata([DataPlaneEndpoint.Instance, new RequestSizeLimitAttribute(options.MaxRestoreArchiveBytes), .. Permissions("restore")]);
    }

    private static object[] Permissions(string permission) => [.. Kinds.Select(k => new PermissionRequirement(k.Collection(), permission))];

    /// <summary>The archive streams when the result executes, so its audit entry is stored first (<see cref="Audit.AuditMode.Release"/>).</summary>
    private static IResult Backup(HttpContext context, RequestVault vault, VaultSnapshotService snapshots) =>
        ArchiveResult(context, vault, snapshots, $"{vault.Vault.Name}.coffer-archive");

    /// <summary>The vault's archive as a download named <paramref name="fileName"/> (the portal's Back up vault too).</summary>
    internal static IResult ArchiveResult(HttpContext context, RequestVault vault, VaultSnapshotService snapshots, string fileName)
    {
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        return TypedResults.Stream(async body =>
        {
            // A failure after the first byte can only abort the response; the reader then sees a cut-short archive.
            await using var buffered = new BufferedStream(body, 64 * 1024);
            await snapshots.WriteAsync(vault.Vault, vault.BaseUrl, buffered, context.RequestAborted);
        }, ContentType);
    }

    private static async Task<IResult> RestoreAsync(HttpRequest request, RequestVault vault, VaultRestoreService restores,
        IDataPlaneAuthorizer authorizer, RestoreSpool spool, CofferOptions options)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var policy = ParsePolicy(request.Query["onConflict"]);
        await AuthorizePolicyAsync(policy, vault, authorizer, cancellationToken);

        await using var archive = spool.Create();
        await CopyBoundedAsync(request.Body, archive, options.MaxRestoreArchiveBytes, cancellationToken);
        archive.Position = 0;
        var report = await restores.RestoreAsync(vault.Vault, archive, policy, null, cancellationToken);
        return TypedResults.Json(report, VaultArchiveWireJsonContext.Default.VaultRestoreReport);
    }

    /// <summary><c>overwrite-if-purged</c> purges what it replaces, so it also needs the purge permission on every kind.</summary>
    internal static async Task AuthorizePolicyAsync(VaultRestoreConflictPolicy policy, RequestVault vault, IDataPlaneAuthorizer authorizer,
        CancellationToken cancellationToken)
    {
        if (policy == VaultRestoreConflictPolicy.OverwriteIfPurged)
        {
            foreach (var kind in Kinds)
            {
                await authorizer.AuthorizeAsync(vault, new PermissionRequirement(kind.Collection(), "purge"), null, cancellationToken);
            }
        }
    }

    internal static VaultRestoreConflictPolicy ParsePolicy(Microsoft.Extensions.Primitives.StringValues values) => values.Count switch
    {
        0 => VaultRestoreConflictPolicy.Fail,
        1 => values[0] switch
        {
            "fail" => VaultRestoreConflictPolicy.Fail,
            "skip" => VaultRestoreConflictPolicy.Skip,
            "overwrite-if-purged" => VaultRestoreConflictPolicy.OverwriteIfPurged,
            _ => throw KeyVaultErrors.BadParameter($"onConflict '{values[0]}' is not one of fail, skip, overwrite-if-purged."),
        },
        _ => throw KeyVaultErrors.BadParameter("onConflict may be given once."),
    };

    /// <summary>The body goes to a spool file (it is read twice: to check, then to restore), no more than the limit.</summary>
    internal static async Task CopyBoundedAsync(Stream body, Stream file, long limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > limit)
            {
                throw new KeyVaultException(413, "RequestEntityTooLarge", $"The archive is larger than this server accepts ({limit} bytes).");
            }

            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        if (total == 0)
        {
            throw Core.Backup.BackupErrors.MalformedArchive("The request body holds no vault archive.");
        }
    }
}
