using System.Text.Json;
using Coffer.Core.Audit;
using Coffer.Core.Errors;

namespace Coffer.Server.Errors;

/// <summary>
/// Turns every failure into Key Vault's error body: <see cref="KeyVaultException"/> as it says, bad
/// HTTP or JSON as 400, anything else as a logged 500 with a correlation id and no internals.
/// Bodiless 404/405 answers from routing get the same body.
/// </summary>
internal sealed class ErrorMappingMiddleware(RequestDelegate next, ILogger<ErrorMappingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
            if (!context.Response.HasStarted && context.Response.StatusCode is 404 or 405 && context.Response.ContentLength is null)
            {
                await WriteAsync(context, context.Response.StatusCode == 404
                    ? KeyVaultErrors.NotFound($"The requested resource {context.Request.Path} was not found.")
                    : new KeyVaultException(405, "MethodNotAllowed", $"Method {context.Request.Method} is not allowed on {context.Request.Path}."));
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            var mapped = Map(e) ?? new KeyVaultException(500, "InternalError",
                $"The server encountered an internal error. Correlation id: {context.TraceIdentifier}");
            if (mapped.Status >= 500)
            {
                logger.LogError(e, "Unhandled error on {Method} {Path}, correlation id {CorrelationId}",
                    context.Request.Method, context.Request.Path, context.TraceIdentifier);
            }

            await WriteAsync(context, mapped);
        }
    }

    private static KeyVaultException? Map(Exception e) => e switch
    {
        KeyVaultException keyVault => keyVault,
        AuditUnavailableException => KeyVaultErrors.ServiceUnavailable(
            "The audit log could not record this request, so it was not performed. Retry later."),
        BadHttpRequestException { StatusCode: 413 } => new KeyVaultException(413, "RequestEntityTooLarge", "The request body is too large."),
        BadHttpRequestException bad => KeyVaultErrors.BadParameter(bad.Message),
        JsonException => KeyVaultErrors.BadParameter("The request body is not valid JSON for this operation."),
        _ => null,
    };

    /// <summary>Headers already set stay: the bearer challenge is set just before its 401 is thrown.</summary>
    private static Task WriteAsync(HttpContext context, KeyVaultException error) => KeyVaultErrorWriter.WriteAsync(context, error);
}
