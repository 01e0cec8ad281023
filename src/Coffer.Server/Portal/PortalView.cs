using Microsoft.AspNetCore.Antiforgery;

namespace Coffer.Server.Portal;

/// <summary>What every portal page needs besides its own data: the signed-in user (none on the sign-in page) and the antiforgery field its forms carry.</summary>
public sealed record PortalView(PortalUser? User, string AntiforgeryField, string AntiforgeryToken)
{
    public static PortalView For(HttpContext context)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        return new PortalView(context.Features.Get<PortalUser>(), tokens.FormFieldName, tokens.RequestToken!);
    }
}
