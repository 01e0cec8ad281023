using Coffer.Core.Audit;
using Coffer.Server.Hosting;

namespace Coffer.Server.Audit;

/// <summary>
/// The one auditor, right after routing: gives every request its <c>x-ms-request-id</c> (also the trace identifier
/// errors cite) and records each audited request as its endpoint's <see cref="AuditMode"/> says — a write's entry
/// committed with its first write transaction, a release's stored before its result leaves — and then its outcome
/// with the status it was answered, whatever stage refused it (401, 403, 404, 429 included).
/// </summary>
internal sealed class Auditor(RequestDelegate next, AuditLog log, AuditEntries entries, AuditChain chain, Sinks.AuditSinks sinks, CofferOptions options)
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
        var mode = options.Audit ? AuditModes.Of(context.GetEndpoint(), context.Request.Method) : null;
        if (mode is null)
        {
            await next(context);
            return;
        }

        if (mode == AuditMode.Write)
        {
            TransactionAudit.Begin(new TransactionAudit(() => entries.Create(context, scope, status: null), chain, sinks.Configured));
        }

        try
        {
            await next(context);
        }
        catch when (!scope.OutcomeStored)
        {
            var status = context.RequestAborted.IsCancellationRequested ? ClientClosedRequest : 500;
            await log.RecordAsync(entries.Create(context, scope, status), CancellationToken.None);
            throw;
        }

        if (!scope.OutcomeStored)
        {
            // The error mapper lets a request the client abandoned end quietly, with no status written.
            var status = context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? ClientClosedRequest : context.Response.StatusCode;
            await log.RecordAsync(entries.Create(context, scope, status), CancellationToken.None);
        }
    }
}
