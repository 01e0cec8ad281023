using Coffer.Core.Authorization;

namespace Coffer.Server.Tests.Authorization;

/// <summary>
/// One data-plane operation: the access-policy permission and RBAC data action it needs, and how to perform it —
/// arranged by the admin, then the one guarded call made by the caller under test. <see cref="AllowedStatus"/> is
/// what an authorized caller gets when the operation cannot succeed in Coffer at all (key release: 400).
/// </summary>
public sealed record OperationCase(string Name, string Area, string Permission, Func<Actor, Actor, string, Task> Run, string? DataAction = null, int? AllowedStatus = null)
{
    public string RbacAction => DataAction ?? DataPlanePermissions.DataActionOf(Area, Permission);

    public override string ToString() => Name;

    public static async Task Drain<T>(Azure.AsyncPageable<T> pages)
        where T : notnull
    {
        await foreach (var _ in pages.AsPages(pageSizeHint: 1))
        {
            break;
        }
    }
}
