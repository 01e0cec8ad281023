using System.Diagnostics;
using Coffer.Core.Diagnostics;
using Coffer.Server.Audit;
using Coffer.Server.Auth;
using Coffer.Server.Vaults;

namespace Coffer.Server.Observability;

/// <summary>
/// Right after the auditor (which gives the request its id): one log line per request — method, path (never the query),
/// status, duration, request id, principal, operation — and the request metrics by the audit log's operation names.
/// Nothing from a body, a header or the query string is logged.
/// </summary>
internal sealed class RequestTelemetry(RequestDelegate next, AuditOperations operations, ILoggerFactory loggers)
{
    public const string LogCategory = "Coffer.Requests";
    private readonly ILogger _logger = loggers.CreateLogger(LogCategory);

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var failed = false;
        try
        {
            await next(context);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            var duration = Stopwatch.GetElapsedTime(started);
            var request = context.Request;
            var status = failed && !context.Response.HasStarted ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
            var operation = OperationOf(context);
            CofferMetrics.RequestCompleted(operation, request.Method, status, duration);
            var caller = context.Features.Get<RequestVault>()?.Caller ?? context.Features.Get<CallerIdentity>();
            _logger.LogInformation("{Method} {Path} {Status} {DurationMs} ms request={RequestId} principal={Principal} operation={Operation}",
                request.Method, request.PathBase + request.Path, status, Math.Round(duration.TotalMilliseconds, 1), context.TraceIdentifier,
                caller?.ObjectId ?? "-", operation);
        }
    }

    /// <summary>The audit log's name of the operation; for endpoints it does not name (tokens, discovery, health) their route; "unmatched" for none.</summary>
    private string OperationOf(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        var name = operations.Of(endpoint, context.Request.Method).Name;
        return name != "Unknown" ? name : (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
    }
}
