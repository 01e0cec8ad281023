using Coffer.Server.Hosting;

namespace Coffer.Server.Audit;

/// <summary>
/// Outermost: gives every request its <c>x-ms-request-id</c> (also the trace identifier errors cite) and,
/// when auditing is on, records each data-plane and management request with the status it was answered,
/// whatever stage refused it (401, 403, 404, 429 included).
/// </summary>
internal sealed class AuditMiddleware(RequestDelegate next, AuditLog log, AuditEntries entries, CofferOptions options)
{
    /// <summary>Recorded when the client went away before an answer.</summary>
    private const int ClientClosedRequest = 499;

    public async Task InvokeAsync(HttpContext context)
    {
        var requestId = Guid.NewGuid().ToString();
        context.TraceIdentifier = requestId;
        context.Response.Headers["x-ms-request-id"] = requestId;
        var clientRequestId = context.Request.Headers["x-ms-client-request-id"].ToString();
        var scope = new AuditScope(requestId, clientRequestId.Length is > 0 and <= 256 ? clientRequestId : null);
        context.Features.Set(scope);
        try
        {
            await next(context);
        }
        catch when (options.Audit && !scope.Recorded && AuditEntries.Audits(context))
        {
            var status = context.RequestAborted.IsCancellationRequested ? ClientClosedRequest : 500;
            await log.RecordAsync(entries.Create(context, scope, status), CancellationToken.None);
            throw;
        }

        if (options.Audit && !scope.Recorded && AuditEntries.Audits(context))
        {
            // The error mapper lets a request the client abandoned end quietly, with no status written.
            var status = context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? ClientClosedRequest : context.Response.StatusCode;
            await log.RecordAsync(entries.Create(context, scope, status), CancellationToken.None);
        }
    }
}
