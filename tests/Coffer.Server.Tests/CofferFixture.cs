using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Coffer.Client.Management;
using Coffer.Core.Audit;
using Coffer.Server.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Coffer.Server.Tests;

/// <summary>
/// One in-process Coffer (TestServer) on a temporary data directory, reached by the real SDK clients
/// and Azure.Identity through the server's handler, with challenge verification on (the SDK default).
/// </summary>
public sealed class CofferFixture : IAsyncLifetime
{
    public const string Suffix = "vault.localhost";

    public CofferFixture()
        : this(Directory.CreateTempSubdirectory("coffer-test-").FullName)
    {
    }

    /// <summary>A server on an existing data directory (as a restart finds it), with services swapped by <paramref name="configure"/>.</summary>
    internal CofferFixture(string dataDirectory, Action<IServiceCollection>? configure = null, Action<CofferOptions>? configureOptions = null,
        TimeProvider? time = null)
    {
        DataDirectory = dataDirectory;
        _configure = configure;
        _configureOptions = configureOptions;
        _time = time;
    }

    private readonly TimeProvider? _time;

    private readonly Action<IServiceCollection>? _configure;
    private readonly Action<CofferOptions>? _configureOptions;

    public string DataDirectory { get; }

    public CofferApplication Server { get; private set; } = null!;

    public Deployment Deployment => Server.Deployment;

    public TestServer TestServer => (TestServer)Server.App.Services.GetRequiredService<IServer>();

    public Uri VaultUri(string? vault = null) => new($"https://{vault ?? Deployment.DefaultVaultName}.{Suffix}");

    public async Task InitializeAsync()
    {
        // A vault host of its own: the SDKs cache each host's bearer challenge (and so its tenant) process-wide.
        var options = new CofferOptions { DataDirectory = DataDirectory, DefaultVaultName = "test" + Guid.NewGuid().ToString("N")[..12] };
        _configureOptions?.Invoke(options);
        Server = await CofferServer.CreateAsync(options,
            services => services.AddCofferSqlite(options.DatabasePath),
            builder =>
            {
                builder.WebHost.UseTestServer();
                _configure?.Invoke(builder.Services);
            },
            _time);
        await Server.App.StartAsync();
    }

    public async Task DisposeAsync()
    {
        // Stopped first: disposing alone leaves background writers (audit log, sweeper) running while the directory is deleted.
        await Server.App.StopAsync();
        await Server.DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }

    /// <summary>Every stored audit entry, once one matches <paramref name="until"/> (entries of reads are written in the background); all of them after 10 s.</summary>
    public async Task<List<AuditEntry>> AuditEntriesAsync(Func<AuditEntry, bool> until)
    {
        var store = Server.App.Services.GetRequiredService<IAuditStore>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var entries = (await store.ReadAsync(1, 100_000, default)).Select(r => r.Entry).ToList();
            if (entries.Any(until) || DateTime.UtcNow > deadline)
            {
                return entries;
            }

            await Task.Delay(20);
        }
    }

    public HttpPipelineTransport Transport() => new HttpClientTransport(TestServer.CreateHandler());

    public ClientSecretCredential Credential(string? secret = null, string? tenant = null) => new(
        tenant ?? Deployment.TenantId, Deployment.DefaultClientId, secret ?? Deployment.DefaultClientSecret,
        new ClientSecretCredentialOptions
        {
            AuthorityHost = new Uri(Server.Options.Authority),
            DisableInstanceDiscovery = true,
            Transport = Transport(),
            Retry = { MaxRetries = 0 },
        });

    public SecretClient SecretClient(string? vault = null)
    {
        var options = new SecretClientOptions { Transport = Transport(), Retry = { MaxRetries = 0 } };
        return new SecretClient(VaultUri(vault), Credential(), options);
    }

    public Azure.Security.KeyVault.Certificates.CertificateClient CertificateClient(string? vault = null)
    {
        var options = new Azure.Security.KeyVault.Certificates.CertificateClientOptions { Transport = Transport(), Retry = { MaxRetries = 0 } };
        return new Azure.Security.KeyVault.Certificates.CertificateClient(VaultUri(vault), Credential(), options);
    }

    public CofferManagementClient ManagementClient() =>
        new(new Uri(Server.Options.Authority), Credential(), "https://" + Suffix, new TestClientOptions { Transport = Transport() });

    /// <summary>A token from the built-in issuer, the way an SDK gets one.</summary>
    public async Task<string> TokenAsync() =>
        (await Credential().GetTokenAsync(new TokenRequestContext([$"https://{Suffix}/.default"]), default)).Token;

    /// <summary>A raw client for what the SDKs cannot send; requests go to the default vault's host.</summary>
    public HttpClient RawClient(string? vault = null)
    {
        var client = TestServer.CreateClient();
        client.BaseAddress = VaultUri(vault);
        return client;
    }

    /// <summary>An authenticated raw request to a vault, with an optional JSON body.</summary>
    public async Task<HttpResponseMessage> SendAsync(string method, string path, string? body, string? vault = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await TokenAsync());
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        return await RawClient(vault).SendAsync(request);
    }

    private sealed class TestClientOptions : ClientOptions;
}

[CollectionDefinition(Name)]
public sealed class CofferServerGroup : ICollectionFixture<CofferFixture>
{
    public const string Name = "coffer";
}
