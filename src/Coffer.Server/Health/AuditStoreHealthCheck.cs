using Coffer.Server.Audit;
using Coffer.Server.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Coffer.Server.Health;

/// <summary>
/// The audit store takes appends: the last batch this node appended was stored. Writes fail closed without it, so a node
/// whose audit appends fail is not ready, even while its database answers reads. (No probe entry is written: the chain
/// holds only what happened.)
/// </summary>
internal sealed class AuditStoreHealthCheck(AuditLog log, CofferOptions options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(!options.Audit || log.LastAppendSucceeded
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The last audit append failed."));
}
