using Coffer.Core.Errors;

namespace Coffer.Server.Audit;

/// <summary>Stores a request's audit entry before what it guards happens, or refuses the request with 503.</summary>
internal sealed class AuditGate(AuditLog log, AuditEntries entries, ILogger<AuditGate> logger)
{
    public async Task RecordOrRefuseAsync(HttpContext context, AuditScope scope, int? status)
    {
        try
        {
            await log.RecordDurablyAsync(entries.Create(context, scope, status), context.RequestAborted);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(e, "Refused {Method} {Path} (request {RequestId}): its audit entry could not be stored.",
                context.Request.Method, context.Request.Path, scope.RequestId);
            throw KeyVaultErrors.ServiceUnavailable(
                $"The audit log could not record this request, so it was not performed. Retry later. Request id: {scope.RequestId}");
        }
    }
}
