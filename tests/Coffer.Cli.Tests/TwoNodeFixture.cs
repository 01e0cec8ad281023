using Coffer.Tests;

namespace Coffer.Cli.Tests;

/// <summary>
/// A throw-away PostgreSQL cluster and a <see cref="NodePair"/> on it that the tests leave running; tests that kill or
/// throttle a node start a pair of their own on the same cluster. One at a time: the pairs share the machine's cores.
/// </summary>
public sealed class TwoNodeFixture : IAsyncLifetime
{
    internal PostgresCluster Cluster { get; } = new();

    internal NodePair Nodes { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Cluster.InitializeAsync();
        Nodes = await NodePair.StartAsync(Cluster);
    }

    public async Task DisposeAsync()
    {
        Nodes?.Dispose();
        await Cluster.DisposeAsync();
    }
}
