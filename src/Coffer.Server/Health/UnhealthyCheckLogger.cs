using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Coffer.Server.Health;

/// <summary>Logs each failing check with its reason every period, since the endpoints themselves tell callers nothing more than the status.</summary>
internal sealed class UnhealthyCheckLogger(ILogger<UnhealthyCheckLogger> logger) : IHealthCheckPublisher
{
    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        foreach (var (name, entry) in report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy))
        {
            logger.LogWarning(entry.Exception, "Health check {Check} is {Status}: {Reason}", name, entry.Status, entry.Description);
        }

        return Task.CompletedTask;
    }
}
