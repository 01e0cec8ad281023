namespace Coffer.Server.Audit;

/// <summary>
/// Fail closed: just before the endpoint runs (after authentication and authorization), a write (every
/// method but GET and HEAD) waits until its attempt is stored in the audit log; if it cannot be, the
/// request is refused with 503 and nothing is done. <see cref="AuditedOnRelease"/> endpoints change
/// nothing and are recorded once, by <see cref="AuditedOnReleaseFilter"/>, before their answer leaves.
/// </summary>
internal sealed class AuditGateMiddleware(RequestDelegate next, AuditGate gate)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
            && context.Features.Get<AuditScope>() is { } scope && AuditEntries.Audits(context)
            && context.GetEndpoint()?.Metadata.GetMetadata<AuditedOnRelease>() is null)
        {
            await gate.RecordOrRefuseAsync(context, scope, status: null);
        }

        await next(context);
    }
}
