using Coffer.Core.Errors;

namespace Coffer.Server.Audit;

/// <summary>
/// Fail closed: just before the endpoint runs (after authentication and authorization), a write or a
/// backup (every method but GET and HEAD) waits until its attempt is stored in the audit log. If it
/// cannot be, the request is refused with 503 and nothing is done: no write, no blob.
/// </summary>
internal sealed class AuditGateMiddleware(RequestDelegate next, AuditLog log, AuditEntries entries, ILogger<AuditGateMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
            || context.Features.Get<AuditScope>() is not { } scope || !AuditEntries.Audits(context))
        {
            await next(context);
            return;
        }

        try
        {
            await log.RecordDurablyAsync(entries.Create(context, scope, status: null), context.RequestAborted);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(e, "Refused {Method} {Path} (request {RequestId}): its audit entry could not be stored.",
                context.Request.Method, context.Request.Path, scope.RequestId);
            throw KeyVaultErrors.ServiceUnavailable(
                $"The audit log could not record this request, so it was not performed. Retry later. Request id: {scope.RequestId}");
        }

        await next(context);
    }
}
