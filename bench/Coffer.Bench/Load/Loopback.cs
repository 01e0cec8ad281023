using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Coffer.Client;

namespace Coffer.Bench.Load;

/// <summary>Ports and client handlers for servers on 127.0.0.1; nothing here reaches another address.</summary>
internal static class Loopback
{
    /// <summary>
    /// Coffer's handler (trusts <paramref name="ca"/>, still checks the host name), with every connection
    /// sent to 127.0.0.1: <c>*.vault.localhost</c> does not resolve here, yet TLS must see the URL's host (SNI).
    /// </summary>
    public static SocketsHttpHandler CreateHandler(X509Certificate2 ca)
    {
        var handler = CofferTransport.CreateHandler(ca);
        handler.ConnectCallback = ConnectAsync;
        return handler;
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
