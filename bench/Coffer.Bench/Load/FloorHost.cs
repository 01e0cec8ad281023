using System.Net;
using System.Security.Cryptography.X509Certificates;
using Coffer.Server.Hosting;
using Coffer.Server.Tls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Coffer.Bench.Load;

/// <summary>
/// A floor server: bare Kestrel on a free loopback port, with a server certificate from Coffer's own
/// CA code (ECDSA P-256 chain, so the TLS handshake costs what Coffer's does) for localhost and
/// <c>*.vault.localhost</c>, and only the endpoints <c>map</c> adds.
/// </summary>
internal sealed class FloorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DirectoryInfo _directory;

    private FloorHost(WebApplication app, DirectoryInfo directory, X509Certificate2 ca, int port, ServerLogTally serverLog)
    {
        _app = app;
        _directory = directory;
        Ca = ca;
        Port = port;
        ServerLog = serverLog;
    }

    /// <summary>The CA that issued the floor's certificate; clients trust it as they trust Coffer's.</summary>
    public X509Certificate2 Ca { get; }

    public int Port { get; }

    public ServerLogTally ServerLog { get; }

    public static async Task<FloorHost> StartAsync(Action<WebApplication> map, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("coffer-bench-floor-");
        try
        {
            var time = TimeProvider.System;
            var authority = CertificateAuthority.LoadOrCreate(directory.FullName, time);
            var certificate = authority.ServerCertificate(directory.FullName, CofferOptions.DefaultDnsSuffix, IPAddress.Loopback, time);
            var port = Loopback.FreePort();
            var serverLog = new ServerLogTally();
            var builder = WebApplication.CreateSlimBuilder();
            serverLog.Attach(builder.Logging);
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(certificate));
            });

            var app = builder.Build();
            map(app);
            await app.StartAsync(cancellationToken);
            return new FloorHost(app, directory, authority.Certificate, port, serverLog);
        }
        catch
        {
            TempDirectories.Delete(directory);
            throw;
        }
    }

    /// <summary>The same vault-style host Coffer's URLs have: <c>https://{vault}.vault.localhost:{port}/</c>.</summary>
    public Uri VaultUrl(string vault) => new($"https://{vault}.{CofferOptions.DefaultDnsSuffix}:{Port}/");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        TempDirectories.Delete(_directory);
    }
}
