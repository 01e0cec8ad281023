using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Coffer.Client;

/// <summary>
/// HTTP handlers that trust, besides the system's roots, one extra CA (Coffer's local CA) — with the
/// host name still checked — so the CLI and tests need no change to the machine's trust store.
/// Names under <c>.localhost</c> (Coffer's vault hosts, <c>{vault}.vault.localhost</c>) connect to the
/// loopback address as RFC 6761 asks, since glibc and .NET do not resolve them; TLS still checks the name.
/// </summary>
public static class CofferTransport
{
    public static SocketsHttpHandler CreateHandler(X509Certificate2? extraCa)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectCallback = ConnectAsync };
        if (extraCa is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == SslPolicyErrors.None || (certificate is not null && ChainsTo(certificate, extraCa, errors));
        }

        return handler;
    }

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (endpoint.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            {
                await socket.ConnectAsync([IPAddress.Loopback, IPAddress.IPv6Loopback], endpoint.Port, cancellationToken);
            }
            else
            {
                await socket.ConnectAsync(endpoint, cancellationToken);
            }

            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static bool ChainsTo(X509Certificate certificate, X509Certificate2 ca, SslPolicyErrors errors)
    {
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0 || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }
}
