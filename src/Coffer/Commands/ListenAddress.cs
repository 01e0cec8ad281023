using System.Net;
using System.Net.Sockets;
using Coffer.Server.Hosting;

namespace Coffer.Cli.Commands;

/// <summary>
/// Whether the address <c>coffer serve</c> would listen on is free, checked before anything starts so that a
/// port in use is one line for the user rather than Kestrel's logged stack trace.
/// </summary>
internal static class ListenAddress
{
    /// <summary>The message for a taken address, or null when it can be listened on.</summary>
    public static string? InUse(CofferOptions options)
    {
        if (options.Port is < 1 or > 65535 || (!IPAddress.TryParse(options.BindAddress, out var address) && options.BindAddress != "localhost"))
        {
            return null; // CofferServer reports invalid options, all of them at once.
        }

        address ??= IPAddress.Loopback;
        using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // As Kestrel binds: SO_REUSEADDR, so a port in TIME_WAIT is free and only a listener holds it.
            probe.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            probe.Bind(new IPEndPoint(address, options.Port));
            return null;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return InUseMessage(options);
        }
    }

    public static string InUseMessage(CofferOptions options) =>
        $"coffer serve: port {options.Port} on {options.BindAddress} is already in use; choose another with --port.";
}
