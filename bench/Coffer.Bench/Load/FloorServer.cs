using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Coffer.Bench.Load;

/// <summary>
/// The floor: Kestrel over the same kind of TLS as Coffer, with PUT and GET of a secret bundle kept in a
/// dictionary — the HTTP, TLS and JSON cost any server pays, and nothing else.
/// </summary>
internal static class FloorServer
{
    public static WebApplication Create(int port, X509Certificate2 certificate, ServerLogTally serverLog)
    {
        var builder = WebApplication.CreateSlimBuilder();
        serverLog.Attach(builder.Logging);
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(certificate));
        });

        var app = builder.Build();
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
        return app;
    }
}
