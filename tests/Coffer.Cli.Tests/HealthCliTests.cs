using System.Net;
using Coffer.Tests;

namespace Coffer.Cli.Tests;

/// <summary>
/// Two nodes on a PostgreSQL cluster of their own, which the test stops and starts again: both nodes answer not-ready
/// while the database is gone (and still live), and ready again once it is back.
/// </summary>
public sealed class HealthCliTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(1);
    private readonly PostgresCluster _cluster = new();
    private NodePair _nodes = null!;

    public async Task InitializeAsync()
    {
        await _cluster.InitializeAsync();
        _nodes = await NodePair.StartAsync(_cluster);
    }

    public async Task DisposeAsync()
    {
        _nodes?.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task Ready_DatabaseStopped_Returns503OnEveryNode_UntilItIsBack()
    {
        ServeProcess[] nodes = [_nodes.A, _nodes.B];
        foreach (var node in nodes)
        {
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(node, "/healthz/ready"));
        }

        await _cluster.StopAsync();
        foreach (var node in nodes)
        {
            await EventuallyAsync(node, "/healthz/ready", HttpStatusCode.ServiceUnavailable);
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(node, "/healthz/live"));
        }

        await _cluster.StartAsync();
        foreach (var node in nodes)
        {
            await EventuallyAsync(node, "/healthz/ready", HttpStatusCode.OK);
        }
    }

    private static async Task<HttpStatusCode> StatusAsync(ServeProcess node, string path)
    {
        using var http = node.AnonymousClient();
        using var response = await http.GetAsync(path);
        return response.StatusCode;
    }

    private static async Task EventuallyAsync(ServeProcess node, string path, HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow + Deadline;
        HttpStatusCode status;
        while ((status = await StatusAsync(node, path)) != expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Equal(expected, status);
    }
}
