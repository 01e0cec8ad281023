namespace Coffer.Bench.Load;

/// <summary>The floor server, driven by plain HttpClients on the same vault-style host and loopback routing as Coffer.</summary>
internal sealed class FloorTarget : ILoadTarget
{
    private readonly FloorHost _host;
    private readonly SecretHttpClients _clients;

    private FloorTarget(FloorHost host, SecretHttpClients clients)
    {
        _host = host;
        _clients = clients;
    }

    public string Name => "floor";

    public ServerLogTally ServerLog => _host.ServerLog;

    public static async Task<FloorTarget> StartAsync(int clients, CancellationToken cancellationToken)
    {
        var host = await FloorHost.StartAsync(FloorServer.Map, cancellationToken);
        return new FloorTarget(host, new SecretHttpClients(host.Ca, host.VaultUrl("coffer"), clients, bearerToken: null));
    }

    public Task SetAsync(int client, string name, string value, CancellationToken cancellationToken) =>
        _clients.SetAsync(client, name, value, cancellationToken);

    public Task GetAsync(int client, string name, CancellationToken cancellationToken) =>
        _clients.GetAsync(client, name, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _clients.Dispose();
        await _host.DisposeAsync();
    }
}
