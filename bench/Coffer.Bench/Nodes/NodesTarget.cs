using Coffer.Bench.Load;

namespace Coffer.Bench.Nodes;

/// <summary>
/// One deployment under load through plain HttpClients (one connection pool per load client and node): the floor, or
/// Coffer on one node or several sharing a database. Load client <c>i</c> talks to node <c>i mod n</c>, as a balancer
/// spreading connections would. Owns the servers it was given.
/// </summary>
internal sealed class NodesTarget : IAsyncDisposable
{
    private readonly SecretHttpClients[] _nodes;
    private readonly IAsyncDisposable[] _servers;

    private NodesTarget(string name, SecretHttpClients[] nodes, IAsyncDisposable[] servers, IReadOnlyList<ServerLogTally> serverLogs)
    {
        Name = name;
        _nodes = nodes;
        _servers = servers;
        ServerLogs = serverLogs;
    }

    public string Name { get; }

    public IReadOnlyList<ServerLogTally> ServerLogs { get; }

    public static NodesTarget Floor(FloorHost floor, int clients) =>
        new("floor", [new SecretHttpClients(floor.Ca, floor.VaultUrl("coffer"), clients, bearerToken: null)], [floor], [floor.ServerLog]);

    /// <summary>Coffer on <paramref name="nodes"/>, every client with a token of the default client from the first node (any node accepts it).</summary>
    public static async Task<NodesTarget> CofferAsync(string name, IReadOnlyList<InProcessCoffer> nodes, int clients, CancellationToken cancellationToken)
    {
        var token = await nodes[0].GetTokenAsync(cancellationToken);
        return new(name, [.. nodes.Select(n => new SecretHttpClients(n.Server.Authority.Certificate, n.DefaultVaultUrl, clients, token))],
            [.. nodes], [.. nodes.Select(n => n.ServerLog)]);
    }

    public Task SetAsync(int client, string name, string value, CancellationToken cancellationToken) =>
        Node(client).SetAsync(client, name, value, cancellationToken);

    public Task GetAsync(int client, string name, CancellationToken cancellationToken) =>
        Node(client).GetAsync(client, name, cancellationToken);

    public Task<string> BackupAsync(int client, string name, CancellationToken cancellationToken) =>
        Node(client).BackupAsync(client, name, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }

        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }

    private SecretHttpClients Node(int client) => _nodes[client % _nodes.Length];
}
