namespace Coffer.Bench.Load;

/// <summary>
/// The same Coffer server driven by the floor's plain HttpClients with one bearer token: set against
/// <see cref="CofferTarget"/> it separates the SDK's cost from the server's. Does not own the server.
/// </summary>
internal sealed class CofferHttpTarget : ILoadTarget
{
    private readonly SecretHttpClients _clients;

    private CofferHttpTarget(SecretHttpClients clients, ServerLogTally serverLog)
    {
        _clients = clients;
        ServerLog = serverLog;
    }

    public string Name => "coffer-http";

    public ServerLogTally ServerLog { get; }

    public static async Task<CofferHttpTarget> CreateAsync(CofferTarget coffer, int clients, CancellationToken cancellationToken)
    {
        var server = coffer.Server;
        var token = await coffer.Coffer.GetTokenAsync(cancellationToken);
        var clientsWithToken = new SecretHttpClients(server.Authority.Certificate, new Uri(server.DefaultVaultUrl + "/"), clients, token);
        return new CofferHttpTarget(clientsWithToken, coffer.ServerLog);
    }

    public Task SetAsync(int client, string name, string value, CancellationToken cancellationToken) =>
        _clients.SetAsync(client, name, value, cancellationToken);

    public Task GetAsync(int client, string name, CancellationToken cancellationToken) =>
        _clients.GetAsync(client, name, cancellationToken);

    public ValueTask DisposeAsync()
    {
        _clients.Dispose();
        return ValueTask.CompletedTask;
    }
}
