using System.Net.Http.Headers;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Coffer.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Coffer.Bench.Load;

/// <summary>
/// A Coffer server in this process (<c>CofferServer.CreateAsync</c>) on a temporary data directory and a
/// free loopback port, its log tallied; removed with its directory on dispose.
/// </summary>
internal sealed class InProcessCoffer : IAsyncDisposable
{
    private readonly DirectoryInfo _dataDirectory;
    private readonly Lazy<Task<HttpClient>> _admin;

    private InProcessCoffer(CofferApplication server, DirectoryInfo dataDirectory, ServerLogTally serverLog)
    {
        Server = server;
        _dataDirectory = dataDirectory;
        ServerLog = serverLog;
        _admin = new Lazy<Task<HttpClient>>(CreateAdminClientAsync);
    }

    public CofferApplication Server { get; }

    public ServerLogTally ServerLog { get; }

    /// <summary>The running app's services: the store, sealer and the rest, for seeding and step costs.</summary>
    public IServiceProvider Services => Server.App.Services;

    public CofferOptions Options => Server.Options;

    public Deployment Deployment => Server.Deployment;

    public Uri DefaultVaultUrl => VaultUrl(Deployment.DefaultVaultName);

    /// <param name="configure">Changes the options before the server is built (e.g. <c>RsaKeyPoolSize</c>).</param>
    public static Task<InProcessCoffer> StartAsync(Action<CofferOptions>? configure, CancellationToken cancellationToken) =>
        StartAsync(configure, null, cancellationToken);

    /// <param name="configure">Changes the options before the server is built (e.g. <c>RsaKeyPoolSize</c>).</param>
    /// <param name="database">A PostgreSQL connection string, as <c>serve --database</c> takes; null: SQLite in the data directory.</param>
    public static async Task<InProcessCoffer> StartAsync(Action<CofferOptions>? configure, string? database, CancellationToken cancellationToken)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("coffer-bench-load-");
        try
        {
            var serverLog = new ServerLogTally();
            var options = new CofferOptions { DataDirectory = dataDirectory.FullName, Port = Loopback.FreePort() };
            configure?.Invoke(options);
            var server = await CofferServer.CreateAsync(
                options,
                services => _ = database is null ? services.AddCofferSqlite(options.DatabasePath) : services.AddCofferPostgres(database),
                builder => serverLog.Attach(builder.Logging),
                cancellationToken: cancellationToken);
            await server.App.StartAsync(cancellationToken);
            return new InProcessCoffer(server, dataDirectory, serverLog);
        }
        catch
        {
            TempDirectories.Delete(dataDirectory);
            throw;
        }
    }

    /// <summary><c>https://{vault}.{suffix}:{port}/</c>; connections still go to 127.0.0.1 (<see cref="Loopback"/>).</summary>
    public Uri VaultUrl(string vault) => new($"https://{vault}.{Options.DnsSuffix}:{Options.Port}/");

    /// <summary>The default (admin) client's credential, asking Coffer's own issuer through <paramref name="transport"/>.</summary>
    public ClientSecretCredential CreateCredential(HttpPipelineTransport transport) =>
        new(Deployment.TenantId, Deployment.DefaultClientId, Deployment.DefaultClientSecret,
            new ClientSecretCredentialOptions
            {
                AuthorityHost = new Uri(Options.Authority),
                DisableInstanceDiscovery = true,
                Transport = transport,
            });

    /// <summary>One bearer token of the default client, valid an hour: for plain HttpClients and the management API.</summary>
    public async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        using var transport = new HttpClientTransport(Loopback.CreateHandler(Server.Authority.Certificate));
        var token = await CreateCredential(transport).GetTokenAsync(new TokenRequestContext([Options.Resource + "/.default"]), cancellationToken);
        return token.Token;
    }

    /// <summary>Creates a vault of the default subscription through the management API (<c>POST /_coffer/vaults</c>) with an admin token.</summary>
    public async Task CreateVaultAsync(string name, string location, CancellationToken cancellationToken)
    {
        var admin = await _admin.Value;
        using var body = new StringContent($$"""{"name":"{{name}}","location":"{{location}}"}""", Encoding.UTF8, "application/json");
        using var response = await admin.PostAsync(new Uri("_coffer/vaults", UriKind.Relative), body, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"Creating vault {name} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_admin.IsValueCreated && _admin.Value.IsCompletedSuccessfully)
        {
            (await _admin.Value).Dispose();
        }

        await Server.App.StopAsync(CancellationToken.None);
        await Server.DisposeAsync();
        TempDirectories.Delete(_dataDirectory);
    }

    /// <summary>An HttpClient for the management API with the default (admin) client's token.</summary>
    private async Task<HttpClient> CreateAdminClientAsync()
    {
        var token = await GetTokenAsync(CancellationToken.None);
        var client = new HttpClient(Loopback.CreateHandler(Server.Authority.Certificate)) { BaseAddress = new Uri(Options.Authority + "/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
