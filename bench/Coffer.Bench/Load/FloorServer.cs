using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Coffer.Bench.Load;

/// <summary>
/// The load floor's endpoints: PUT and GET of a secret bundle kept in a dictionary — the HTTP, TLS and
/// JSON cost any server pays, and nothing else.
/// </summary>
internal static class FloorServer
{
    public static void Map(WebApplication app)
    {
        var secrets = new ConcurrentDictionary<string, FloorSecretBundle>(StringComparer.OrdinalIgnoreCase);
        app.MapPut("/secrets/{name}", async (string name, HttpRequest request) =>
        {
            var body = await request.ReadFromJsonAsync(FloorJsonContext.Default.FloorSecretSet, request.HttpContext.RequestAborted);
            if (body?.Value is null)
            {
                return Results.BadRequest();
            }

            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var bundle = new FloorSecretBundle(body.Value, $"https://{request.Host}/secrets/{name}/{Guid.NewGuid():N}",
                new FloorAttributes(true, now, now, "Recoverable+Purgeable", 90));
            secrets[name] = bundle;
            return TypedResults.Json(bundle, FloorJsonContext.Default.FloorSecretBundle);
        });
        app.MapGet("/secrets/{name}/{version?}", (string name) =>
            secrets.TryGetValue(name, out var bundle)
                ? Results.Json(bundle, FloorJsonContext.Default.FloorSecretBundle)
                : Results.NotFound());
    }
}
