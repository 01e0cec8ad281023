using Coffer.Core;
using Coffer.Core.Audit;
using Coffer.Core.Management;
using Coffer.Core.Secrets;
using Coffer.Server.Portal.Pages;
using Coffer.Server.Vaults;

namespace Coffer.Server.Portal;

/// <summary>
/// An object's page: its versions (newest first) and its entries in the audit log — who (a user's or client's name where
/// Coffer knows the principal), what, when and the answer's status — among the log's most recent <see cref="AuditWindow"/>.
/// </summary>
internal sealed class PortalObjectPages(ObjectCatalog catalog, IAuditStore audit, UserManagement users, ClientManagement clients)
{
    public const int AuditWindow = 5000;

    public async Task<IResult> ObjectPageAsync(HttpContext context, RequestVault vault, ObjectKind kind, string name, Secret? shown, string? notice)
    {
        var cancellationToken = context.RequestAborted;
        var versions = await PortalObjectEndpoints.AllAsync(page => catalog.ListVersionsAsync(vault.Vault, kind, name, page, cancellationToken));
        if (versions.Count == 0)
        {
            throw Core.Errors.KeyVaultErrors.ObjectNotFound(kind, name);
        }

        var kindName = kind.ToString().ToLowerInvariant();
        var entries = (await audit.TailAsync(AuditWindow, cancellationToken))
            .Select(r => r.Entry)
            .Where(e => e.Status is not null) // a write's own record, stored with it; its outcome with the status follows
            .Where(e => e.Vault == vault.Vault.Name && e.ObjectKind == kindName && string.Equals(e.ObjectName, name, StringComparison.OrdinalIgnoreCase))
            .Reverse()
            .ToList();
        var names = (await users.ListAsync(cancellationToken)).Select(u => (u.ObjectId, Name: $"{u.DisplayName} (user {u.UserName})"))
            .Concat((await clients.ListAsync(cancellationToken)).Select(c => (c.ObjectId, Name: $"{c.DisplayName} (client)")))
            .GroupBy(p => p.ObjectId, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Name, StringComparer.OrdinalIgnoreCase);
        return PortalResults.Page<ObjectPage>(context, new()
        {
            ["Vault"] = vault.Vault,
            ["Kind"] = kind,
            ["Name"] = name,
            ["Versions"] = versions.OrderByDescending(v => v.Created).ToList(),
            ["Shown"] = shown,
            ["Notice"] = notice ?? (context.Request.Query["restored"] == "1" ? "Restored from the backup, with every version." : null),
            ["Audit"] = entries,
            ["Principals"] = names,
        });
    }
}
