using Coffer.Core;
using Coffer.Core.Backup;
using Coffer.Core.Backup.Reseal;
using Coffer.Core.Errors;
using Coffer.Core.Storage;
using Coffer.Core.Vaults;
using Coffer.Server.Audit;
using Coffer.Server.Auth;
using Coffer.Server.Authorization;
using Coffer.Server.Hosting;
using Coffer.Server.Vaults;
using Microsoft.AspNetCore.Mvc;

namespace Coffer.Server.Backup;

/// <summary>
/// <c>POST /_coffer/backup/reseal?toSubscription=S&amp;toGeography=G[&amp;adminOverride=true]</c> (admins only): the body is a
/// backup blob (raw bytes) or a vault archive; the answer is the same object sealed for the target (subscription,
/// geography), its header marked re-sealed, an archive signed again. Beyond being an admin, the caller must hold backup
/// permission on a vault of the input's pair and restore permission on a vault of the target's (every kind the input
/// holds), unless <c>adminOverride=true</c>, which the audit entry records. The entry names both pairs; it is stored
/// before the output leaves (<see cref="AuditMode.Release"/>). Bad or foreign input is the restore's 400, nothing written.
/// </summary>
internal static class BackupResealEndpoints
{
    public const string Path = "/_coffer/backup/reseal";

    public static void MapBackupReseal(this IEndpointRouteBuilder routes, CofferOptions options)
    {
        routes.MapPost(Path, ResealAsync)
            .WithMetadata(AdminEndpoint.Instance, new RequestSizeLimitAttribute(options.MaxRestoreArchiveBytes))
            .AuditedOnRelease();
    }

    private static async Task<IResult> ResealAsync(HttpRequest request, BackupResealService reseals, RestoreSpool spool, CofferOptions options,
        IVaultStore vaults, IDataPlaneAuthorizer authorizer)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var target = Target(request.Query["toSubscription"], request.Query["toGeography"]);
        var adminOverride = Flag(request.Query["adminOverride"]);
        var caller = request.HttpContext.Features.Get<CallerIdentity>() ?? throw new InvalidOperationException("The admin middleware sets the caller.");

        await using var input = spool.Create();
        await VaultArchiveEndpoints.CopyBoundedAsync(request.Body, input, options.MaxRestoreArchiveBytes, cancellationToken);
        var opened = await reseals.OpenAsync(input, options.MaxRestoreBodyBytes, cancellationToken);
        request.HttpContext.Features.Get<AuditScope>()?.Describe(opened.Name,
            $"{opened.Source} -> {target}" + (adminOverride ? " (admin override)" : string.Empty));
        if (!adminOverride)
        {
            var all = await vaults.ListAsync(cancellationToken);
            await RequireAsync(all, opened.Source, "backup", opened.Kinds, caller, authorizer, cancellationToken);
            await RequireAsync(all, target, "restore", opened.Kinds, caller, authorizer, cancellationToken);
        }

        var output = spool.Create();
        request.HttpContext.Response.RegisterForDisposeAsync(output); // also when the release audit refuses the result
        try
        {
            var mark = new BackupResealMark(DateTimeOffset.UtcNow, caller.ObjectId, opened.Source.SubscriptionId, opened.Source.Geography);
            await reseals.ResealAsync(input, opened, target, mark, output, options.MaxRestoreBodyBytes, cancellationToken);
            output.Position = 0;
            return TypedResults.Stream(output, opened.IsArchive ? VaultArchiveEndpoints.ContentType : "application/octet-stream");
        }
        catch
        {
            await output.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The caller needs <paramref name="permission"/> on every kind of the input in at least one vault of <paramref name="pair"/>:
    /// the right to take such backups out of that security world, or to put them into it.
    /// </summary>
    private static async Task RequireAsync(IReadOnlyList<Vault> vaults, BackupPair pair, string permission, IReadOnlyList<ObjectKind> kinds,
        CallerIdentity caller, IDataPlaneAuthorizer authorizer, CancellationToken cancellationToken)
    {
        foreach (var vault in vaults.Where(v => pair.Is(v.SubscriptionId, v.Geography)))
        {
            if (await AllowsAsync(vault, permission, kinds, caller, authorizer, cancellationToken))
            {
                return;
            }
        }

        throw KeyVaultErrors.Forbidden(
            $"The caller {caller.ObjectId} has {string.Join(", ", kinds.Select(k => $"{k.Collection()}/{permission}"))} permission on no vault of {pair}. "
            + "Re-sealing needs backup rights on the input's side and restore rights on the target's, or adminOverride=true (recorded in the audit log).",
            "AccessDenied");
    }

    private static async Task<bool> AllowsAsync(Vault vault, string permission, IReadOnlyList<ObjectKind> kinds, CallerIdentity caller,
        IDataPlaneAuthorizer authorizer, CancellationToken cancellationToken)
    {
        var asCaller = new RequestVault(vault, caller, "7.6", string.Empty);
        try
        {
            foreach (var kind in kinds)
            {
                await authorizer.AuthorizeAsync(asCaller, new PermissionRequirement(kind.Collection(), permission), null, cancellationToken);
            }

            return true;
        }
        catch (KeyVaultException e) when (e.Status == StatusCodes.Status403Forbidden)
        {
            return false;
        }
    }

    private static BackupPair Target(Microsoft.Extensions.Primitives.StringValues subscription, Microsoft.Extensions.Primitives.StringValues geography)
    {
        if (subscription.Count != 1 || !Guid.TryParse(subscription[0], out var id))
        {
            throw KeyVaultErrors.BadParameter("toSubscription must be given once, as a subscription id (a GUID).");
        }

        if (geography.Count != 1 || string.IsNullOrEmpty(geography[0]) || Geographies.Resolve(geography[0]!) is not { } resolved)
        {
            throw KeyVaultErrors.BadParameter("toGeography must be given once, as a geography (such as US or Europe) or an Azure location (such as westeurope).");
        }

        return new BackupPair(id.ToString("D"), resolved);
    }

    private static bool Flag(Microsoft.Extensions.Primitives.StringValues values) => values.Count switch
    {
        0 => false,
        1 when bool.TryParse(values[0], out var flag) => flag,
        _ => throw KeyVaultErrors.BadParameter("adminOverride must be given at most once, as true or false."),
    };
}
