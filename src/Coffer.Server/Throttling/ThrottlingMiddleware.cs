using System.Globalization;
using System.Text.Json;
using Coffer.Core.Diagnostics;
using Coffer.Core.Errors;
using Coffer.Server.Vaults;

namespace Coffer.Server.Throttling;

/// <summary>
/// Opt-in (<c>--throttle</c>): after authentication, so the vault is known, a data-plane request over its
/// vault's limit is answered 429 <c>Throttled</c> / <c>VaultRequestTypeLimitReached</c> with Retry-After
/// in whole seconds, which the SDKs' retry policies wait out by themselves.
/// </summary>
internal sealed class ThrottlingMiddleware(RequestDelegate next, VaultRateLimiter limiter)
{
    private const int MaxPeekedBody = 64 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<RequestVault>() is not { } vault)
        {
            await next(context);
            return;
        }

        var category = await CategoryOfAsync(context);
        if (limiter.TryAcquire(vault.Vault.Name, category) is { } wait)
        {
            CofferMetrics.RequestThrottled(category.ToString());
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            throw KeyVaultErrors.Throttled();
        }

        await next(context);
    }

    private static async ValueTask<ThrottleCategory> CategoryOfAsync(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<ThrottledAs>() switch
        {
            null => ThrottleCategory.Transaction,
            { Category: { } category } => category,
            _ => await IsRsa2048Async(context.Request) ? ThrottleCategory.RsaSoftwareKeyCreate : ThrottleCategory.OtherKeyCreate,
        };

    /// <summary>Azure's cheapest create is a 2048-bit software RSA key; the body says which key is asked for (and is read again by the endpoint).</summary>
    private static async Task<bool> IsRsa2048Async(HttpRequest request)
    {
        if (request.ContentLength is null or > MaxPeekedBody)
        {
            return false;
        }

        request.EnableBuffering();
        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            var root = body.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("kty", out var kty) && kty.ValueKind == JsonValueKind.String && kty.GetString() == "RSA"
                && (!root.TryGetProperty("key_size", out var size) || size.ValueKind == JsonValueKind.Null
                    || (size.TryGetInt32(out var bits) && bits == 2048));
        }
        catch (JsonException)
        {
            return false; // the endpoint answers the bad body with 400
        }
        finally
        {
            request.Body.Position = 0;
        }
    }
}
