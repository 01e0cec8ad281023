using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Coffer.Server.Tests.Events;

/// <summary>
/// A webhook endpoint on loopback HTTPS (Kestrel, a self-signed certificate): records every POST and answers with the
/// next status of <see cref="Answers"/>, 200 once they run out.
/// </summary>
internal sealed class EventReceiver : IAsyncDisposable
{
    private readonly X509Certificate2 _certificate = SelfSigned();
    private WebApplication? _app;

    public ConcurrentQueue<int> Answers { get; } = new();

    public ConcurrentQueue<ReceivedPost> Received { get; } = new();

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The handler Coffer's deliveries go through: trusts this receiver's certificate and nothing else.</summary>
    public HttpMessageHandler TrustingHandler() => new SocketsHttpHandler
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == _certificate.Thumbprint },
    };

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(_certificate)));
        _app = builder.Build();
        _app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            Received.Enqueue(new ReceivedPost(request.ContentType, request.Headers["Coffer-Signature"].ToString(), body.ToArray()));
            return Results.StatusCode(Answers.TryDequeue(out var status) ? status : 200);
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Endpoint = new Uri(new Uri(address), "/hook");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _certificate.Dispose();
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}

internal sealed record ReceivedPost(string? ContentType, string Signature, byte[] Body);
