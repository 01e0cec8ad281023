using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using Coffer.Server.Hosting;

namespace Coffer.Bench.Load;

/// <summary>
/// An in-process Coffer on a fresh data directory, driven through the real SecretClient and
/// ClientSecretCredential over TLS — one client, credential and connection pool per load client.
/// </summary>
internal sealed class CofferTarget : ILoadTarget
{
    private readonly InProcessCoffer _coffer;
    private readonly HttpClientTransport[] _transports;
    private readonly SecretClient[] _clients;

    private CofferTarget(InProcessCoffer coffer, int clients, string name)
    {
        Name = name;
        _coffer = coffer;
        _transports = new HttpClientTransport[clients];
        _clients = new SecretClient[clients];
        for (var i = 0; i < clients; i++)
        {
            _transports[i] = new HttpClientTransport(Loopback.CreateHandler(coffer.Server.Authority.Certificate));
            var options = new SecretClientOptions { Transport = _transports[i] };
            // A retried request would hide the failure and count as one slow success.
            options.Retry.MaxRetries = 0;
            _clients[i] = new SecretClient(new Uri(coffer.Server.DefaultVaultUrl), coffer.CreateCredential(_transports[i]), options);
        }
    }

    public string Name { get; }

    public InProcessCoffer Coffer => _coffer;

    public CofferApplication Server => _coffer.Server;

    public ServerLogTally ServerLog => _coffer.ServerLog;

    public static async Task<CofferTarget> StartAsync(int clients, CancellationToken cancellationToken) =>
        new(await InProcessCoffer.StartAsync(null, cancellationToken), clients, "coffer");

    /// <summary>The same server with its audit log off: beside <see cref="StartAsync"/>, it prices the audit log.</summary>
    public static async Task<CofferTarget> StartWithoutAuditAsync(int clients, CancellationToken cancellationToken) =>
        new(await InProcessCoffer.StartAsync(options => options.Audit = false, cancellationToken), clients, "coffer-no-audit");

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

        await _coffer.DisposeAsync();
    }
}
