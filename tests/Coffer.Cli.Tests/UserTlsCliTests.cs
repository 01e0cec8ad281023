using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;

namespace Coffer.Cli.Tests;

/// <summary>
/// <c>coffer serve --tls-cert/--tls-key</c>: the .NET SDK, trusting only the operator's CA, reaches the server; a new
/// certificate written over the files is served to new connections without a restart; SIGHUP reloads and does not stop it.
/// </summary>
public sealed class UserTlsCliTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(1);
    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-usertls-").FullName;

    [Fact]
    public async Task Serve_UserPemCertificate_SdkTrustingOnlyItsCaWorks_AndANewOneIsServedAfterTheFilesChange()
    {
        using var firstCa = Ca("Operator CA 1");
        using var secondCa = Ca("Operator CA 2");
        var (certPath, keyPath) = (Path.Combine(_directory, "server.crt"), Path.Combine(_directory, "server.key"));
        using var first = Leaf(firstCa);
        await WritePemAsync(first, certPath, keyPath);
        using var server = await ServeProcess.StartAsync(Path.Combine(_directory, "data"), ServeProcess.FreePort(),
            ["--tls-cert", certPath, "--tls-key", keyPath], null);

        var client = SecretClientTrusting(server, firstCa);
        await client.SetSecretAsync("over-user-tls", "value");
        Assert.Equal("value", (await client.GetSecretAsync("over-user-tls")).Value.Value);
        Assert.Equal(first.Thumbprint, (await ServedCertificateAsync(server.Port)).Thumbprint);

        using var second = Leaf(secondCa);
        await WritePemAsync(second, certPath, keyPath);
        var deadline = DateTime.UtcNow + Deadline;
        while ((await ServedCertificateAsync(server.Port)).Thumbprint != second.Thumbprint && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Equal(second.Thumbprint, (await ServedCertificateAsync(server.Port)).Thumbprint);
        var secondClient = SecretClientTrusting(server, secondCa);
        Assert.Equal("value", (await secondClient.GetSecretAsync("over-user-tls")).Value.Value);

        server.Signal("HUP");
        await Task.Delay(500);
        Assert.False(server.HasExited);
        Assert.Equal("value", (await SecretClientTrusting(server, secondCa).GetSecretAsync("over-user-tls")).Value.Value);
    }

    [Fact]
    public async Task Serve_KeyWithoutCertificate_Exits2NamingTheOption()
    {
        var start = CofferDll.StartInfo(["serve", "--data-dir", Path.Combine(_directory, "data"), "--tls-key", Path.Combine(_directory, "missing.key")]);

        var (exitCode, _, error) = await CofferDll.RunAsync(start, TimeSpan.FromMinutes(1));

        Assert.Equal(2, exitCode);
        Assert.Contains("--tls-cert and --tls-key go together", error, StringComparison.Ordinal);
        Assert.Contains("missing.key' does not exist", error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static SecretClient SecretClientTrusting(ServeProcess server, X509Certificate2 ca)
    {
        var transport = new HttpClientTransport(HandlerTrustingOnly(ca));
        var credential = new ClientSecretCredential(server.Banner["AZURE_TENANT_ID"], server.Banner["AZURE_CLIENT_ID"], server.Banner["AZURE_CLIENT_SECRET"],
            new ClientSecretCredentialOptions { AuthorityHost = server.Address, DisableInstanceDiscovery = true, Transport = transport });
        var options = new SecretClientOptions { Transport = transport };
        options.Retry.MaxRetries = 0;
        return new SecretClient(server.DefaultVaultUri, credential, options);
    }

    /// <summary>Trusts <paramref name="ca"/> alone (not the machine's roots, not Coffer's generated CA), names checked; *.localhost to loopback.</summary>
    private static SocketsHttpHandler HandlerTrustingOnly(X509Certificate2 ca) => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
            },
        },
    };

    private static async Task<X509Certificate2> ServedCertificateAsync(int port)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        X509Certificate2? served = null;
        await using var tls = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) =>
        {
            served = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return served is not null; // only reads which certificate is served; the SDK clients above check trust

        });
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" });
        Assert.True(tls.SslProtocol is System.Security.Authentication.SslProtocols.Tls12 or System.Security.Authentication.SslProtocols.Tls13);
        return served!;
    }

    private static X509Certificate2 Ca(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private static X509Certificate2 Leaf(X509Certificate2 ca)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=coffer.test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddDnsName("*.vault.localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        using var signed = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), RandomNumberGenerator.GetBytes(16));
        return signed.CopyWithPrivateKey(key);
    }

    /// <summary>Writes key then certificate, each by a rename, as an operator's tooling (certbot, cert-manager) replaces them.</summary>
    private static async Task WritePemAsync(X509Certificate2 certificate, string certPath, string keyPath)
    {
        await ReplaceAsync(keyPath, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        await ReplaceAsync(certPath, certificate.ExportCertificatePem());
    }

    private static async Task ReplaceAsync(string path, string content)
    {
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }
}
