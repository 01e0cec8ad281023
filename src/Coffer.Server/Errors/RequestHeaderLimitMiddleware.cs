using Coffer.Core.Errors;
using Coffer.Server.Hosting;

namespace Coffer.Server.Errors;

/// <summary>
/// 431 with Key Vault's error body for request headers over <see cref="CofferOptions.MaxRequestHeadersBytes"/>. Kestrel
/// itself would answer 431 with an empty body (HTTP/2: a reset stream) before any middleware runs, so its own limits
/// are raised to <see cref="KestrelCeilingBytes"/> and the limit that clients meet is kept here, on the one error path.
/// </summary>
internal sealed class RequestHeaderLimitMiddleware(RequestDelegate next, CofferOptions options)
{
    /// <summary>What Kestrel still refuses by itself: past this, headers are not worth reading to answer politely.</summary>
    public const int KestrelCeilingBytes = 256 * 1024;

    public Task InvokeAsync(HttpContext context)
    {
        long total = 0;
        foreach (var (name, values) in context.Request.Headers)
        {
            // As Kestrel counts: name and value bytes of every field.
            foreach (var value in values)
            {
                total += name.Length + (value?.Length ?? 0);
            }
        }

        return total > options.MaxRequestHeadersBytes
            ? throw new KeyVaultException(431, "RequestHeaderFieldsTooLarge",
                $"The request headers are {total} bytes; at most {options.MaxRequestHeadersBytes} are accepted.")
            : next(context);
    }
}
