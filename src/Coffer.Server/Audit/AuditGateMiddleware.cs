using Microsoft.AspNetCore.Http.Features;
using Coffer.Core.Errors;

namespace Coffer.Server.Audit;

/// <summary>
/// Fail closed, just before the endpoint runs (after authentication and authorization), for every
/// method but GET and HEAD: a write waits until its attempt is stored in the audit log; an endpoint
/// marked <see cref="AuditedOnRelease"/> runs into a buffer, and its answer leaves only once its entry is
/// stored. If the entry cannot be stored the request is refused with 503: no write, no blob.
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

        if (context.GetEndpoint()?.Metadata.GetMetadata<AuditedOnRelease>() is not null)
        {
            await RunThenReleaseAsync(context, scope);
            return;
        }

        await RecordOrRefuseAsync(context, scope, status: null);
        await next(context);
    }

    private async Task RunThenReleaseAsync(HttpContext context, AuditScope scope)
    {
        var response = context.Features.Get<IHttpResponseBodyFeature>()!;
        using var held = new MemoryStream();
        var holding = new StreamResponseBodyFeature(held);
        context.Features.Set<IHttpResponseBodyFeature>(holding);
        try
        {
            await next(context);
            await holding.CompleteAsync(); // flushes what went through its PipeWriter
        }
        finally
        {
            context.Features.Set(response);
        }

        // A failure above left as an exception and is recorded, best effort, by the outer audit middleware: it released nothing.
        await RecordOrRefuseAsync(context, scope, context.Response.StatusCode);
        scope.MarkRecorded();
        context.Response.ContentLength = held.Length;
        await response.Stream.WriteAsync(held.GetBuffer().AsMemory(0, (int)held.Length), context.RequestAborted);
    }

    private async Task RecordOrRefuseAsync(HttpContext context, AuditScope scope, int? status)
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
