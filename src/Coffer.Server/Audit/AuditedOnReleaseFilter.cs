using Coffer.Server.Hosting;

namespace Coffer.Server.Audit;

/// <summary>
/// Runs an <see cref="AuditedOnRelease"/> handler, then stores its entry with the status of the result it
/// returned before that result is written: the blob or signature leaves only once recorded, and a store
/// that fails turns it into a 503. A handler that throws released nothing; the outer audit middleware
/// records it.
/// </summary>
internal sealed class AuditedOnReleaseFilter(AuditGate gate, CofferOptions options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var result = await next(invocation);
        var context = invocation.HttpContext;
        if (options.Audit && context.Features.Get<AuditScope>() is { } scope)
        {
            await gate.RecordOrRefuseAsync(context, scope, (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK);
            scope.MarkRecorded();
        }

        return result;
    }
}
