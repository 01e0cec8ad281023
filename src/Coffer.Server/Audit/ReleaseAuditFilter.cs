using Coffer.Core.Errors;
using Coffer.Server.Hosting;

namespace Coffer.Server.Audit;

/// <summary>
/// Runs an <see cref="AuditMode.Release"/> handler, then stores its entry with the status of the result it returned
/// before that result is executed: the blob, signature or archive leaves only once recorded, and a store that fails
/// turns it into a 503. A handler that throws released nothing; the <see cref="Auditor"/> records its outcome.
/// </summary>
internal sealed class ReleaseAuditFilter(AuditLog log, AuditEntries entries, CofferOptions options, ILogger<ReleaseAuditFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var result = await next(invocation);
        var context = invocation.HttpContext;
        if (options.Audit && context.Features.Get<AuditScope>() is { } scope)
        {
            try
            {
                await log.RecordDurablyAsync(entries.Create(context, scope, (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK),
                    context.RequestAborted);
            }
            catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
            {
                logger.LogError(e, "Refused {Method} {Path} (request {RequestId}): its audit entry could not be stored.",
                    context.Request.Method, context.Request.Path, scope.RequestId);
                throw KeyVaultErrors.ServiceUnavailable(
                    $"The audit log could not record this request, so it was not performed. Retry later. Request id: {scope.RequestId}");
            }

            scope.MarkOutcomeStored();
        }

        return result;
    }
}
