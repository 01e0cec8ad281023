using Coffer.Core;
using Coffer.Core.Backup;
using Coffer.Core.Secrets;
using Coffer.Core.Storage;
using Coffer.Server.Audit;
using Coffer.Server.Authorization;
using Coffer.Server.Hosting;
using Coffer.Server.Portal.Pages;
using Coffer.Server.Vaults;
using Microsoft.AspNetCore.Mvc;

namespace Coffer.Server.Portal;

/// <summary>
/// The portal's keys, secrets and certificates of a vault: lists (with the soft-deleted), an object's versions and audit
/// entries, Show secret value, Download Backup (the blob's raw bytes, named as Azure's portal names it), Restore Backup,
/// delete, recover and purge — each through the Core service the REST endpoint uses, with the REST endpoint's permission,
/// on routes that mirror the REST ones (so the audit log names the operations alike: SecretBackup, SecretRestore, …).
/// </summary>
internal static class PortalObjectEndpoints
{
    private const int MaxListed = 1000;

    public static void MapPortalObjects(this IEndpointRouteBuilder routes, CofferOptions options)
    {
        foreach (var kind in new[] { ObjectKind.Key, ObjectKind.Secret, ObjectKind.Certificate })
        {
            Map(routes, kind, options);
        }
    }

    private static void Map(IEndpointRouteBuilder routes, ObjectKind kind, CofferOptions options)
    {
        var collection = kind.Collection();
        var vault = routes.MapGroup("/portal/vaults/{vault}").WithMetadata(PortalEndpoint.Instance, new PortalObjectKind(kind)).DisableAntiforgery();
        vault.MapGet($"/{collection}", (HttpContext context, RequestVault v, ObjectCatalog catalog, ObjectLifecycle lifecycle) =>
                ListPageAsync(context, v, kind, catalog, lifecycle))
            .Requires(collection, "list");
        vault.MapPost($"/{collection}/restore", (HttpContext context, RequestVault v, BackupService backups) => RestoreAsync(context, v, kind, backups))
            .WithMetadata(new RequestSizeLimitAttribute(options.MaxRestoreBodyBytes))
            .Requires(collection, "restore");
        vault.MapGet($"/{collection}/{{name}}", (string name, HttpContext context, RequestVault v, PortalObjectPages pages) =>
                pages.ObjectPageAsync(context, v, kind, name, null, null))
            .Requires(collection, "list");
        vault.MapPost($"/{collection}/{{name}}/backup", (string name, RequestVault v, BackupService backups, TimeProvider time, CancellationToken cancellationToken) =>
                BackupAsync(v, kind, name, backups, time, cancellationToken))
            .Requires(collection, "backup")
            .AuditedOnRelease();
        vault.MapGet($"/{collection}/{{name}}/delete", (string name, HttpContext context, RequestVault v) =>
                PortalResults.Page<ConfirmPage>(context, Confirmation(v, kind, name, $"Delete {name}?",
                    $"Delete the {kind.WireName()} {name} of {v.Vault.Name}? It stays recoverable, with every version, as a deleted "
                    + $"{kind.WireName()} for {v.Vault.SoftDeleteRetentionDays} days, then it is purged.", "Delete", $"/{collection}/{Uri.EscapeDataString(name)}/delete",
                    irreversible: false)))
            .Requires(collection, "delete")
            .AuditedAs(kind.DisplayName() + "DeleteConfirm", kind.WireName());
        vault.MapPost($"/{collection}/{{name}}/delete", async (string name, RequestVault v, ObjectLifecycle lifecycle, CancellationToken cancellationToken) =>
            {
                await lifecycle.DeleteAsync(v.Vault, kind, name, cancellationToken);
                return Redirect(v, collection);
            })
            .Requires(collection, "delete");
        vault.MapPost($"/deleted{collection}/{{name}}/recover", async (string name, RequestVault v, ObjectLifecycle lifecycle, CancellationToken cancellationToken) =>
            {
                await lifecycle.RecoverAsync(v.Vault, kind, name, cancellationToken);
                return TypedResults.Redirect($"/portal/vaults/{v.Vault.Name}/{collection}/{Uri.EscapeDataString(name)}");
            })
            .Requires(collection, "recover");
        vault.MapGet($"/deleted{collection}/{{name}}/purge", (string name, HttpContext context, RequestVault v) =>
                PortalResults.Page<ConfirmPage>(context, Confirmation(v, kind, name, $"Purge {name}?",
                    $"Purge the deleted {kind.WireName()} {name} of {v.Vault.Name} permanently? Every version is erased: it cannot be "
                    + "recovered or undone.", "Purge", $"/deleted{collection}/{Uri.EscapeDataString(name)}/purge", irreversible: true)))
            .Requires(collection, "purge")
            .AuditedAs(kind.DisplayName() + "PurgeConfirm", kind.WireName());
        vault.MapPost($"/deleted{collection}/{{name}}/purge", async (string name, RequestVault v, ObjectLifecycle lifecycle, CancellationToken cancellationToken) =>
            {
                await lifecycle.PurgeAsync(v.Vault, kind, name, cancellationToken);
                return Redirect(v, collection);
            })
            .Requires(collection, "purge");
        if (kind == ObjectKind.Secret)
        {
            // A POST, so the value is never in a URL, a history entry or a cache; stored in the audit log before it leaves.
            vault.MapPost("/secrets/{name}/value", async (string name, HttpContext context, RequestVault v, PortalObjectPages pages, SecretService secrets) =>
                {
                    var form = await context.Request.ReadFormAsync(context.RequestAborted);
                    var version = form["version"].ToString();
                    var secret = await secrets.GetAsync(v.Vault, name, version.Length == 0 ? null : version, context.RequestAborted);
                    context.Features.Get<AuditScope>()?.Describe(name, secret.Version.Version);
                    return await pages.ObjectPageAsync(context, v, kind, name, secret, null);
                })
                .Requires("secrets", "get")
                .AuditedOnRelease();
        }
    }

    private static Dictionary<string, object?> Confirmation(RequestVault vault, ObjectKind kind, string name, string title, string question, string confirm,
        string path, bool irreversible) => new()
    {
        ["Vault"] = vault.Vault,
        ["Kind"] = kind,
        ["Name"] = name,
        ["Title"] = title,
        ["Question"] = question,
        ["Confirm"] = confirm,
        ["Action"] = $"/portal/vaults/{vault.Vault.Name}{path}",
        ["Back"] = $"/portal/vaults/{vault.Vault.Name}/{kind.Collection()}",
        ["Irreversible"] = irreversible,
    };

    private static IResult Redirect(RequestVault vault, string collection) => TypedResults.Redirect($"/portal/vaults/{vault.Vault.Name}/{collection}");

    private static async Task<IResult> ListPageAsync(HttpContext context, RequestVault vault, ObjectKind kind, ObjectCatalog catalog, ObjectLifecycle lifecycle)
    {
        var cancellationToken = context.RequestAborted;
        var active = await AllAsync(page => catalog.ListAsync(vault.Vault, kind, page, cancellationToken));
        var deleted = await AllAsync(page => lifecycle.ListDeletedAsync(vault.Vault, kind, page, cancellationToken));
        return PortalResults.Page<ObjectListPage>(context, new()
        {
            ["Vault"] = vault.Vault,
            ["Kind"] = kind,
            ["Objects"] = active,
            ["Deleted"] = deleted,
        });
    }

    internal static async Task<List<T>> AllAsync<T>(Func<PageRequest, Task<Page<T>>> read)
    {
        var all = new List<T>();
        string? after = null;
        do
        {
            var page = await read(new PageRequest(25, after));
            all.AddRange(page.Items);
            after = page.Next;
        }
        while (after is not null && all.Count < MaxListed);
        return all;
    }

    /// <summary>The blob's raw bytes — what the REST backup's <c>value</c> decodes to — named <c>{vault}-{name}-{yyyyMMdd}.secretbackup</c> as Azure's portal names it.</summary>
    private static async Task<IResult> BackupAsync(RequestVault vault, ObjectKind kind, string name, BackupService backups, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var blob = await backups.BackupAsync(vault.Vault, kind, name, cancellationToken);
        var extension = kind switch { ObjectKind.Key => "keybackup", ObjectKind.Secret => "secretbackup", _ => "certificatebackup" };
        return TypedResults.File(blob, "application/octet-stream", $"{vault.Vault.Name}-{name}-{time.GetUtcNow():yyyyMMdd}.{extension}");
    }

    /// <summary>Success shows the restored object; a refusal (409 conflict, another geography or subscription, a damaged file) shows the service's message and nothing is written.</summary>
    private static async Task<IResult> RestoreAsync(HttpContext context, RequestVault vault, ObjectKind kind, BackupService backups)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form.Files["backup"] is not { Length: > 0 } upload)
        {
            throw BackupErrors.Corrupt("no file was chosen.");
        }

        using var buffer = new MemoryStream();
        await upload.CopyToAsync(buffer, context.RequestAborted);
        var restored = await backups.RestoreAsync(vault.Vault, kind, buffer.ToArray(), context.RequestAborted);
        context.Features.Get<AuditScope>()?.Describe(restored.Name, restored.Latest.Version);
        return TypedResults.Redirect($"/portal/vaults/{vault.Vault.Name}/{kind.Collection()}/{Uri.EscapeDataString(restored.Name)}?restored=1");
    }
}
