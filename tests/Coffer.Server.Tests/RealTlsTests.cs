using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Coffer.Client;
using Coffer.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Coffer.Server.Tests;

/// <summary>Over real Kestrel and TLS: the certificate chain and host names the SDKs check, on a vault host name.</summary>
public sealed class RealTlsTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-tls-").FullName;
    private readonly int _port = FreePort();
    private CofferApplication _server = null!;

    public async Task InitializeAsync()
    {
        _server = await CofferServer.CreateAsync(new CofferOptions { DataDirectory = _directory, Port = _port, DefaultVaultName = "tls" + Guid.NewGuid().ToString("N")[..12] },
            services => services.AddCofferSqlite(Path.Combine(_directory, "coffer.db")));
        await _server.App.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task SecretClient_OverTls_TrustingTheExportedCa_Works()
    {
        var transport = new HttpClientTransport(LoopbackHandler(trustCa: true));
        var client = Client(transport);

        KeyVaultSecret set = await client.SetSecretAsync("over-tls", "value");
        KeyVaultSecret read = await client.GetSecretAsync("over-tls");

        Assert.Equal("value", read.Value);
        Assert.Equal(new Uri($"{_server.DefaultVaultUrl}/secrets/over-tls/{set.Properties.Version}"), read.Id);
    }

    [Fact]
    public async Task SecretClient_NotTrustingTheCa_FailsTls()
    {
        var client = Client(new HttpClientTransport(LoopbackHandler(trustCa: false)));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => client.GetSecretAsync("any"));

        Assert.Contains(Flatten(error), e => e is AuthenticationException);
    }

    [Fact]
    public async Task Request_BodyOverTheLimit_Returns413WithKeyVaultBody()
    {
        // Expect: 100-continue holds the body back until the server has ruled on it, so its 413 is read
        // rather than racing a broken pipe.
        var handler = LoopbackHandler(trustCa: true);
        handler.Expect100ContinueTimeout = TimeSpan.FromSeconds(30);
        using var http = new HttpClient(handler);
        var deployment = _server.Deployment;
        var token = await new ClientSecretCredential(deployment.TenantId, deployment.DefaultClientId, deployment.DefaultClientSecret,
                new ClientSecretCredentialOptions
                {
                    AuthorityHost = new Uri(_server.Options.Authority),
                    DisableInstanceDiscovery = true,
                    Transport = new HttpClientTransport(LoopbackHandler(trustCa: true)),
                })
            .GetTokenAsync(new Azure.Core.TokenRequestContext(["https://vault.localhost/.default"]), default);
        using var request = new HttpRequestMessage(HttpMethod.Put, $"{_server.DefaultVaultUrl}/secrets/huge?api-version=7.4")
        {
            Content = new StringContent($"{{\"value\":\"{new string('x', 5 * 1024 * 1024)}\"}}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.Token);
        request.Headers.ExpectContinue = true;

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("\"error\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Kestrel would answer an empty 431 (HTTP/2: reset the stream); Coffer answers Key Vault's error body on both.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Request_64KbAuthorizationHeader_Returns431WithKeyVaultBody(int httpVersion)
    {
        using var http = new HttpClient(LoopbackHandler(trustCa: true));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{_server.DefaultVaultUrl}/secrets?api-version=7.4")
        {
            Version = new Version(httpVersion, 0),
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + new string('a', 64 * 1024));

        using var response = await http.SendAsync(request);
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal((HttpStatusCode.RequestHeaderFieldsTooLarge, httpVersion), (response.StatusCode, response.Version.Major));
        Assert.Equal("RequestHeaderFieldsTooLarge", body.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    private SecretClient Client(HttpClientTransport transport)
    {
        var deployment = _server.Deployment;
        var credential = new ClientSecretCredential(deployment.TenantId, deployment.DefaultClientId, deployment.DefaultClientSecret,
            new ClientSecretCredentialOptions
            {
                AuthorityHost = new Uri(_server.Options.Authority),
                DisableInstanceDiscovery = true,
                Transport = transport,
                Retry = { MaxRetries = 0 },
            });
        return new SecretClient(new Uri(_server.DefaultVaultUrl), credential,
            new SecretClientOptions { Transport = transport, Retry = { MaxRetries = 0 } });
    }

    /// <summary>*.vault.localhost does not resolve here: connect every host to loopback, keeping SNI and name checks.</summary>
    private SocketsHttpHandler LoopbackHandler(bool trustCa)
    {
        var handler = CofferTransport.CreateHandler(trustCa ? _server.Authority.Certificate : null);
        handler.ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        };
        return handler;
    }

    private static IEnumerable<Exception> Flatten(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
