using Coffer.Core.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Coffer.Server.Health;

/// <summary>The database answers, within a few seconds, and holds the schema this code migrated it to.</summary>
internal sealed class DatabaseHealthCheck(ICofferStorage storage) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            return await storage.IsSchemaCurrentAsync(timeout.Token)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The database schema is not the one this Coffer migrated it to.");
        }
#pragma warning disable CA1031 // whatever the provider throws, the database is not usable: that is the answer
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy("The database cannot be reached.", e);
        }
    }
}
