namespace Coffer.Server.Hosting;

/// <summary>What the first start of a data directory created and every later start reuses.</summary>
public sealed record Deployment(
    string TenantId,
    string SubscriptionId,
    string DefaultVaultName,
    string DefaultClientId,
    string DefaultClientSecret);
