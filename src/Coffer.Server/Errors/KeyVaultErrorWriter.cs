using Coffer.Core.Errors;
using Coffer.Server.Wire;

namespace Coffer.Server.Errors;

/// <summary>The one place an error body is written.</summary>
internal static class KeyVaultErrorWriter
{
    public static Task WriteAsync(HttpContext context, KeyVaultException error)
    {
        var response = context.Response;
        response.StatusCode = error.Status;
        response.Headers.CacheControl = "no-cache";
        var body = new KeyVaultErrorBody(new KeyVaultError(
            error.Code, error.Message, error.InnerCode is null ? null : new KeyVaultInnerError(error.InnerCode, error.InnerMessage)));
        return response.WriteAsJsonAsync(body, WireJsonContext.Default.KeyVaultErrorBody, contentType: null, context.RequestAborted);
    }
}
