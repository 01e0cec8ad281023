using System.Reflection;
using Coffer.Core.Auth;
using Coffer.Server.Auth;

namespace Coffer.Server.Portal;

/// <summary>
/// The signed-in person of a portal request (set by <see cref="PortalMiddleware"/>): the principal the vaults authorize, the
/// names it is shown and audited by, and whether it may create vaults (admin users of the built-in authority only).
/// </summary>
public sealed record PortalUser(CallerIdentity Caller, string UserName, string DisplayName, bool IsAdmin)
{
    public static PortalUser Of(CallerIdentity caller, UserAccount account) => new(caller, account.UserName, account.DisplayName, account.IsAdmin);

    public static ValueTask<PortalUser?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult(context.Features.Get<PortalUser>());
}
