using Coffer.Core.Audit;
using Coffer.Server.Auth;
using Coffer.Server.Vaults;

namespace Coffer.Server.Audit;

/// <summary>Builds a request's <see cref="AuditEntry"/> from what the request path learned: route, caller, vault, ids. Never from a body.</summary>
internal sealed class AuditEntries(AuditOperations operations, VaultResolver resolver, TimeProvider time)
{
    public AuditEntry Create(HttpContext context, AuditScope scope, int? status)
    {
        var endpoint = context.GetEndpoint();
        var operation = operations.Of(endpoint, context.Request.Method);
        var management = endpoint is not null && AuditModes.IsManagement(endpoint.Metadata);
        var named = endpoint?.Metadata.GetMetadata<AuditedAs>() is not null; // a sign-in's vault is the route's, if any, never the host's
        var requestVault = context.Features.Get<RequestVault>();
        var caller = requestVault?.Caller ?? context.Features.Get<CallerIdentity>();
        var routeName = context.Request.RouteValues.TryGetValue("name", out var n) ? n as string : null;
        var routeVersion = context.Request.RouteValues.TryGetValue("version", out var v) ? v as string : null;
        return new AuditEntry(
            time.GetUtcNow(),
            caller?.ObjectId,
            caller?.ApplicationId,
            caller?.TenantId,
            management ? null : requestVault?.Vault.Name ?? (named ? null : resolver.VaultNameOf(context.Request.Host.Host)),
            operation.Name,
            operation.ObjectKind,
            Bounded(scope.ObjectName ?? routeName),
            Bounded(scope.ObjectName is null ? routeVersion : scope.ObjectVersion),
            status,
            scope.RequestId,
            scope.CorrelationId,
            context.Connection.RemoteIpAddress?.ToString(),
            caller?.Issuer);
    }

    // Route values are the client's text; an entry stays small whatever it sends.
    private static string? Bounded(string? value) => value is { Length: > 256 } ? value[..256] : value;
}
