using System.Net;
using System.Net.Sockets;

namespace Coffer.Server.Tests;

/// <summary>An issuer that is up but hung: its loopback port accepts connections and never answers on them.</summary>
internal sealed class SilentIssuer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _connections = [];
    private Task _accepting = Task.CompletedTask;

    public string Issuer { get; private set; } = null!;

    public Uri MetadataAddress => new(Issuer + "/.well-known/openid-configuration");

    public static SilentIssuer Start()
    {
        var issuer = new SilentIssuer();
        issuer._listener.Start();
        issuer.Issuer = $"http://127.0.0.1:{((IPEndPoint)issuer._listener.LocalEndpoint).Port}/idp";
        issuer._accepting = issuer.AcceptAsync();
        return issuer;
    }

    /// <summary>How many connections were made to it.</summary>
    public int Connections
    {
        get
        {
            lock (_connections)
            {
                return _connections.Count;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _accepting;
        lock (_connections)
        {
            _connections.ForEach(c => c.Dispose());
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var connection = await _listener.AcceptSocketAsync();
                lock (_connections)
                {
                    _connections.Add(connection);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // stopped
        }
    }
}
