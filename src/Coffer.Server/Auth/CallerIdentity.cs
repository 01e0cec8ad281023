namespace Coffer.Server.Auth;

/// <summary>Who a validated bearer token speaks for; <see cref="Issuer"/> is the token's <c>iss</c> (named in 403 messages).</summary>
public sealed record CallerIdentity(string ObjectId, string? ApplicationId, string TenantId, string? Issuer = null);
