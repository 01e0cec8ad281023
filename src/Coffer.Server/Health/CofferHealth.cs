using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Coffer.Server.Health;

/// <summary>
/// <c>GET /healthz/live</c> (the process answers) and <c>GET /healthz/ready</c> (start-up done, not stopping, the
/// database reachable at this code's schema, the keyring usable, the audit log's last append stored), on every host the
/// server answers, without authentication. The body is only <c>Healthy</c> or <c>Unhealthy</c>: which check failed, and
/// why, goes to the log, never to the caller.
/// </summary>
internal static class CofferHealth
{
    public const string LivePath = "/healthz/live";
    public const string ReadyPath = "/healthz/ready";
    private const string ReadyTag = "ready";

    public static IServiceCollection AddCofferHealthChecks(this IServiceCollection services)
    {
        services.AddSingleton<StartupHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<StartupHealthCheck>("startup", tags: [ReadyTag])
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<KeyringHealthCheck>("keyring", tags: [ReadyTag])
            .AddCheck<AuditStoreHealthCheck>("audit", tags: [ReadyTag]);
        services.AddSingleton<IHealthCheckPublisher, UnhealthyCheckLogger>();
        services.Configure<HealthCheckPublisherOptions>(o => o.Period = TimeSpan.FromSeconds(30));
        return services;
    }

    public static void MapCofferHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
    }
}
