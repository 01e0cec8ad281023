using Coffer.Server.Hosting;
using Coffer.Server.Tls;
using Microsoft.AspNetCore.Builder;

namespace Coffer.Bench.Load;

/// <summary>The floor server, driven by plain HttpClients on the same vault-style host and loopback routing as Coffer.</summary>
internal sealed class FloorTarget : ILoadTarget
{
    private readonly WebApplication _server;
    private readonly DirectoryInfo _directory;
    private readonly SecretHttpClients _clients;

    private FloorTarget(WebApplication server, DirectoryInfo directory, ServerLogTally serverLog, SecretHttpClients clients)
    {
        _server = server;
        _directory = directory;
        ServerLog = serverLog;
        _clients = clients;
    }

    public string Name => "floor";

    public ServerLogTally ServerLog { get; }

    public static async Task<FloorTarget> StartAsync(int clients, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("coffer-bench-floor-");
        var time = TimeProvider.System;
        // Coffer's own CA code, so the floor's TLS (ECDSA P-256 chain, handshake cost) matches Coffer's.
        var authority = CertificateAuthority.LoadOrCreate(directory.FullName, time);
        var certificate = authority.ServerCertificate(directory.FullName, CofferOptions.DefaultDnsSuffix, System.Net.IPAddress.Loopback, time);
        var port = Loopback.FreePort();
        var serverLog = new ServerLogTally();
        var server = FloorServer.Create(port, certificate, serverLog);
        await server.StartAsync(cancellationToken);
        var vaultUrl = new Uri($"https://coffer.{CofferOptions.DefaultDnsSuffix}:{port}/");
        return new FloorTarget(server, directory, serverLog, new SecretHttpClients(authority.Certificate, vaultUrl, clients, bearerToken: null));
    }

    public Task SetAsync(int client, string name, string value, CancellationToken cancellationToken) =>
        _clients.SetAsync(client, name, value, cancellationToken);

    public Task GetAsync(int client, string name, CancellationToken cancellationToken) =>
        _clients.GetAsync(client, name, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _clients.Dispose();
        await _server.StopAsync(CancellationToken.None);
        await _server.DisposeAsync();
        TempDirectories.Delete(_directory);
    }
}
