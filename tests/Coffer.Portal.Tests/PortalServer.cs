using System.Net;
using System.Net.Sockets;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Coffer.Client;
using Coffer.Client.Management;
using Coffer.Core.Audit;
using Coffer.Server.Hosting;
using Coffer.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Coffer.Portal.Tests;

/// <summary>
/// A Coffer server on real Kestrel and TLS (a free loopback port, a temporary data directory), set up as an operator
/// would with the management API: an admin user, a user with only secrets get/list on one vault, vaults in two
/// geographies; an external OIDC issuer (on loopback) the portal also signs people in through. And Debian's Chromium,
/// driven by Playwright (no browser download).
/// </summary>
public sealed class PortalServer : IAsyncLifetime
{
    public const string Password = "correct horse battery staple";
    public const string Admin = "alice";
    public const string Reader = "bob";

    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-portal-").FullName;
    private readonly int _port = FreePort();
    private IPlaywright _playwright = null!;

    public const string ExternalClientId = "coffer-portal-at-idp";

    public CofferApplication Server { get; private set; } = null!;

    internal TestOidcIssuer ExternalIssuer { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Vaults: <c>Source</c> and <c>SameGeography</c> (US), <c>OtherGeography</c> (Europe), <c>WholeTarget</c> (US, for the archive).</summary>
    public string Source { get; } = Name("src");

    public string SameGeography { get; } = Name("same");

    public string OtherGeography { get; } = Name("eu");

    public string WholeTarget { get; } = Name("whole");

    /// <summary>Where the screenshots go: under the test output directory.</summary>
    public string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "portal-screenshots");

    public string Url(string path) => $"https://localhost:{_port}{path}";

    public async Task InitializeAsync()
    {
        ExternalIssuer = await TestOidcIssuer.StartAsync();
        ExternalIssuer.ClientSecret = "the portal's secret at the idp";
        var options = new CofferOptions
        {
            DataDirectory = _directory, Port = _port, DefaultVaultName = Name("default"),
            ExternalIssuers = [new Coffer.Server.Auth.ExternalIssuerOptions(ExternalIssuer.MetadataAddress, "api://coffer-portal-tests")],
            ExternalIssuerPortalClientId = ExternalClientId, ExternalIssuerPortalClientSecret = ExternalIssuer.ClientSecret,
        };
        Server = await CofferServer.CreateAsync(options, services => services.AddCofferSqlite(Path.Combine(_directory, "coffer.db")));
        await Server.App.StartAsync();
        await DiscoveredAsync();
        Directory.CreateDirectory(Screenshots);

        var management = ManagementClient();
        var alice = await management.CreateUserAsync(Admin, "Alice Admin", Password, admin: true, default);
        var bob = await management.CreateUserAsync(Reader, "Bob Reader", Password, admin: false, default);
        foreach (var (vault, location) in new[] { (Source, "eastus"), (SameGeography, "westus"), (OtherGeography, "westeurope"), (WholeTarget, "eastus2") })
        {
            await management.CreateVaultAsync(new VaultCreateRequest(vault, location), default);
            await management.UpdateAccessPoliciesAsync(vault, "add", [new AccessPolicyInfo(null, alice.ObjectId, new AccessPolicyPermissionsInfo(
                ["get", "list", "create", "delete", "recover", "backup", "restore", "purge"],
                ["get", "list", "set", "delete", "recover", "backup", "restore", "purge"],
                ["get", "list", "create", "delete", "recover", "backup", "restore", "purge"]))], default);
        }

        await management.UpdateAccessPoliciesAsync(Source, "add",
            [new AccessPolicyInfo(null, bob.ObjectId, new AccessPolicyPermissionsInfo(null, ["get", "list"], null))], default);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox"], // the tests may run as root
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await Server.App.StopAsync();
        await Server.DisposeAsync();
        await ExternalIssuer.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>A fresh browser profile (cookies of its own) at <paramref name="width"/> px; the server's own CA is not in Chromium's store.</summary>
    public Task<IBrowserContext> NewContextAsync(int width = 1280) => Browser.NewContextAsync(new BrowserNewContextOptions
    {
        IgnoreHTTPSErrors = true,
        AcceptDownloads = true,
        ViewportSize = new ViewportSize { Width = width, Height = 900 },
    });

    public SecretClient SecretClient(string vault) =>
        new(VaultUri(vault), Credential(), new SecretClientOptions { Transport = Transport(), Retry = { MaxRetries = 0 } });

    public Azure.Security.KeyVault.Certificates.CertificateClient CertificateClient(string vault) =>
        new(VaultUri(vault), Credential(), new Azure.Security.KeyVault.Certificates.CertificateClientOptions { Transport = Transport(), Retry = { MaxRetries = 0 } });

    /// <summary>
    /// Until the server has the external issuer's discovery document: on a loaded machine its first fetch may pass its
    /// 3 s limit, and sign-in there then answers 503 through the back-off that follows.
    /// </summary>
    private async Task DiscoveredAsync()
    {
        var issuer = Server.App.Services.GetRequiredService<Coffer.Server.Auth.ExternalIssuers>().PortalIssuer!;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await issuer.ConfigurationAsync() is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the external issuer's discovery document was not fetched within 60 s");
            await Task.Delay(250);
        }
    }

    public CofferManagementClient ManagementClient() => new(new Uri(Server.Options.Authority), Credential(), "https://" + Server.Options.DnsSuffix,
        new Options { Transport = Transport() });

    private Uri VaultUri(string vault) => new($"https://{vault}.{Server.Options.DnsSuffix}:{_port}");

    private ClientSecretCredential Credential() => new(Server.Deployment.TenantId, Server.Deployment.DefaultClientId, Server.Deployment.DefaultClientSecret,
        new ClientSecretCredentialOptions { AuthorityHost = new Uri(Server.Options.Authority), DisableInstanceDiscovery = true, Transport = Transport() });

    private HttpClientTransport Transport() => new(CofferTransport.CreateHandler(Server.Authority.Certificate));

    private static string Name(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Options : ClientOptions;

    /// <summary>The newest audit entry that matches: reads and sign-ins are stored after their answer, in the background, so it is polled for, within a bound.</summary>
    public async Task<AuditEntry> AuditEntryAsync(Func<AuditEntry, bool> match)
    {
        var store = Server.App.Services.GetRequiredService<IAuditStore>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if ((await store.TailAsync(500, default)).Select(r => r.Entry).LastOrDefault(match) is { } entry)
            {
                return entry;
            }

            Assert.True(DateTime.UtcNow < deadline, "no such audit entry within 10 s");
            await Task.Delay(50);
        }
    }
}


[CollectionDefinition(Name)]
public sealed class PortalGroup : ICollectionFixture<PortalServer>
{
    public const string Name = "portal";
}
