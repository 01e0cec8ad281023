namespace Coffer.Server.Auth;

/// <summary>Who a validated bearer token speaks for.</summary>
public sealed record CallerIdentity(string ObjectId, string? ApplicationId, string TenantId);
