namespace Coffer.Server.Auth;

/// <summary>
/// Who a validated bearer token speaks for. <see cref="Issuer"/> is null for the built-in authority and the token's
/// <c>iss</c> for an external issuer: part of the principal's identity, so an external <c>oid</c> equal to a built-in
/// client's object id (or another issuer's) names a different principal.
/// </summary>
public sealed record CallerIdentity(string ObjectId, string? ApplicationId, string TenantId, string? Issuer = null)
{
    public bool IsBuiltIn => Issuer is null;

    public Core.Authorization.Principal Principal => new(TenantId, ObjectId, Issuer);
}
