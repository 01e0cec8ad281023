using System.Reflection;
using Coffer.Core.Auth;
using Coffer.Server.Auth;

namespace Coffer.Server.Portal;

/// <summary>The signed-in user of a portal request (set by <see cref="PortalMiddleware"/>): the principal the vaults authorize, and the account behind it.</summary>
public sealed record PortalUser(CallerIdentity Caller, UserAccount Account)
{
    public static ValueTask<PortalUser?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult(context.Features.Get<PortalUser>());
}
