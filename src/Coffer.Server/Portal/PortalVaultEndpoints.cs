using Coffer.Core.Backup.Archive;
using Coffer.Core.Management;
using Coffer.Core;
using Coffer.Core.Errors;
using Coffer.Server.Audit;
using Coffer.Server.Authorization;
using Coffer.Server.Backup;
using Coffer.Server.Hosting;
using Coffer.Server.Portal.Pages;
using Coffer.Server.Vaults;
using Microsoft.AspNetCore.Mvc;

namespace Coffer.Server.Portal;

/// <summary>
/// The portal's vault pages: the vaults the user can reach (all of them for an admin, who may also create one), a vault's
/// overview, and its whole-vault backup (the signed archive) and restore (an uploaded archive, a conflict policy, the
/// per-object report streamed as the restore goes, <see cref="PortalRestoreStream"/>) — through <see cref="VaultManagement"/>, <see cref="VaultSnapshotService"/> and
/// <see cref="VaultRestoreService"/>, with the archive endpoints' permissions.
/// </summary>
internal static class PortalVaultEndpoints
{
    private static readonly ObjectKind[] Kinds = [ObjectKind.Key, ObjectKind.Secret, ObjectKind.Certificate];

    public static void MapPortalVaults(this IEndpointRouteBuilder routes, CofferOptions options)
    {
        var portal = routes.MapGroup("/portal/vaults").WithMetadata(PortalEndpoint.Instance).DisableAntiforgery();
        portal.MapGet("/", ListAsync);
        portal.MapPost("/", CreateAsync);
        portal.MapGet("/{vault}", (HttpContext context, RequestVault target) => PortalResults.Page<VaultPage>(context, new() { ["Vault"] = target.Vault }))
            .Requires(PermissionRequirement.AnyVaultAccess);
        portal.MapPost("/{vault}/backup", Backup)
            .WithMetadata([.. Permissions("backup")])
            .AuditedOnRelease();
        portal.MapPost("/{vault}/restore", RestoreAsync)
            .WithMetadata([new RequestSizeLimitAttribute(options.MaxRestoreArchiveBytes), .. Permissions("restore")]);
    }

    private static object[] Permissions(string permission) => [.. Kinds.Select(k => new PermissionRequirement(k.Collection(), permission))];

    private static async Task<IResult> ListAsync(HttpContext context, VaultManagement vaults, IDataPlaneAuthorizer authorizer, PortalUser user,
        CancellationToken cancellationToken) =>
        PortalResults.Page<VaultsPage>(context, new() { ["Vaults"] = await ReachableAsync(vaults, authorizer, user, cancellationToken) });

    private static async Task<IResult> CreateAsync(HttpContext context, VaultManagement vaults, PortalUser user)
    {
        if (!user.IsAdmin)
        {
            throw KeyVaultErrors.Forbidden($"The user '{user.UserName}' may not create vaults: only an admin user (coffer user create --admin) may.", "AccessDenied");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var location = form["location"].ToString();
        var created = await vaults.CreateAsync(new VaultCreation(form["name"].ToString(), Location: location.Length == 0 ? null : location),
            user.Caller.Principal, context.RequestAborted);
        context.Features.Get<AuditScope>()?.Describe(created.Name, null);
        return TypedResults.Redirect($"/portal/vaults/{created.Name}", permanent: false, preserveMethod: false);
    }

    /// <summary>Every vault for an admin; for anyone else those where a policy entry or a role gives them some access.</summary>
    private static async Task<List<Core.Vaults.Vault>> ReachableAsync(VaultManagement vaults, IDataPlaneAuthorizer authorizer, PortalUser user,
        CancellationToken cancellationToken)
    {
        var reachable = new List<Core.Vaults.Vault>();
        foreach (var vault in await vaults.ListAsync(cancellationToken))
        {
            try
            {
                if (!user.IsAdmin)
                {
                    await authorizer.AuthorizeAsync(new RequestVault(vault, user.Caller, ApiVersions.Latest, string.Empty), PermissionRequirement.AnyVaultAccess,
                        null, cancellationToken);
                }

                reachable.Add(vault);
            }
            catch (KeyVaultException e) when (e.Status == StatusCodes.Status403Forbidden)
            {
                // not this user's
            }
        }

        return reachable;
    }

    /// <summary>The archive streams when the result executes, so its audit entry is stored first, as the REST endpoint's.</summary>
    private static IResult Backup(HttpContext context, RequestVault target, VaultSnapshotService snapshots, TimeProvider time) =>
        VaultArchiveEndpoints.ArchiveResult(context, target, snapshots, $"{target.Vault.Name}-{time.GetUtcNow():yyyyMMdd}.coffer-archive");

    private static async Task<IResult> RestoreAsync(HttpContext context, RequestVault target, VaultRestoreService restores, IDataPlaneAuthorizer authorizer,
        RestoreSpool spool)
    {
        var cancellationToken = context.RequestAborted;
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var policy = VaultArchiveEndpoints.ParsePolicy(form["onConflict"]);
        await VaultArchiveEndpoints.AuthorizePolicyAsync(policy, target, authorizer, cancellationToken);

        if (form.Files["archive"] is not { Length: > 0 } upload)
        {
            throw Core.Backup.BackupErrors.MalformedArchive("Choose a vault archive file to restore.");
        }

        await using var archive = spool.Create();
        await upload.CopyToAsync(archive, cancellationToken);
        archive.Position = 0;
        var page = new PortalRestoreStream(context, target.Vault);
        var report = await restores.RestoreAsync(target.Vault, archive, policy, page, cancellationToken);
        await page.CompleteAsync(report, cancellationToken);
        return Results.Empty;
    }
}
