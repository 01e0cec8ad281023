using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Coffer.Server.Hosting;

namespace Coffer.Bench.Load;

/// <summary>
/// An in-process Coffer on a fresh data directory, driven through the real SecretClient and
/// ClientSecretCredential over TLS — one client, credential and connection pool per load client.
/// </summary>
internal sealed class CofferTarget : ILoadTarget
{
    private readonly CofferApplication _server;
    private readonly DirectoryInfo _dataDirectory;
    private readonly HttpClientTransport[] _transports;
    private readonly SecretClient[] _clients;

    private CofferTarget(CofferApplication server, DirectoryInfo dataDirectory, ServerLogTally serverLog, int clients)
    {
        _server = server;
        _dataDirectory = dataDirectory;
        ServerLog = serverLog;
        _transports = new HttpClientTransport[clients];
        _clients = new SecretClient[clients];
        var deployment = server.Deployment;
        for (var i = 0; i < clients; i++)
        {
            _transports[i] = new HttpClientTransport(Loopback.CreateHandler(server.Authority.Certificate));
            var credential = new ClientSecretCredential(deployment.TenantId, deployment.DefaultClientId, deployment.DefaultClientSecret,
                new ClientSecretCredentialOptions
                {
                    AuthorityHost = new Uri(server.Options.Authority),
                    DisableInstanceDiscovery = true,
                    Transport = _transports[i],
                });
            var options = new SecretClientOptions { Transport = _transports[i] };
            // A retried request would hide the failure and count as one slow success.
            options.Retry.MaxRetries = 0;
            _clients[i] = new SecretClient(new Uri(server.DefaultVaultUrl), credential, options);
        }
    }

    public string Name => "coffer";

    public CofferApplication Server => _server;

    public ServerLogTally ServerLog { get; }

    public static async Task<CofferTarget> StartAsync(int clients, CancellationToken cancellationToken)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("coffer-bench-load-");
        var serverLog = new ServerLogTally();
        var options = new CofferOptions { DataDirectory = dataDirectory.FullName, Port = Loopback.FreePort() };
        var server = await CofferServer.CreateAsync(options, builder => serverLog.Attach(builder.Logging), cancellationToken);
        await server.App.StartAsync(cancellationToken);
        return new CofferTarget(server, dataDirectory, serverLog, clients);
    }

    public Task SetAsync(int client, string name, string value, CancellationToken cancellationToken) =>
        _clients[client].SetSecretAsync(name, value, cancellationToken);

    public Task GetAsync(int client, string name, CancellationToken cancellationToken) =>
        _clients[client].GetSecretAsync(name, cancellationToken: cancellationToken);

    public async ValueTask DisposeAsync()
    {
        foreach (var transport in _transports)
        {
            transport.Dispose();
        }

        await _server.App.StopAsync(CancellationToken.None);
        await _server.DisposeAsync();
        TempDirectories.Delete(_dataDirectory);
    }
}
