using System.Diagnostics;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.Security.KeyVault.Certificates;
using Azure.Security.KeyVault.Secrets;
using Coffer.Client;
using Coffer.Client.KeyVault;
using Coffer.Core;
using Coffer.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Coffer.Cli.Tests;

/// <summary>
/// One started Coffer (real Kestrel, TLS, its own CA) for a test class, the SDK clients that check what
/// the CLI did, and <see cref="RunAsync(string[])"/>, which runs coffer.dll as a user would, with the
/// server's credentials and <c>COFFER_VAULT_SUFFIX=vault.localhost:{port}</c>.
/// </summary>
public sealed class CliServerFixture : IAsyncLifetime
{
    private readonly int _port = ServeProcess.FreePort();
    private readonly Action<CofferOptions>? _configure;

    public CliServerFixture()
    {
    }

    internal CliServerFixture(Action<CofferOptions> configure) => _configure = configure;

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("coffer-cli-").FullName;

    public CofferApplication Server { get; private set; } = null!;

    public string VaultName => Server.Deployment.DefaultVaultName;

    public string Suffix => $"vault.localhost:{_port}";

    public Uri VaultUri(string? vault = null) => new($"https://{vault ?? VaultName}.{Suffix}");

    public async Task InitializeAsync()
    {
        var options = new CofferOptions { DataDirectory = Directory, Port = _port, RsaKeyPoolSize = 0 };
        _configure?.Invoke(options);
        Server = await CofferServer.CreateAsync(options, services => services.AddCofferSqlite(options.DatabasePath));
        await Server.App.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Server.App.StopAsync(); // stops the sweeper and drains the audit log, as a real shutdown does
        await Server.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    public string NewFile(string extension = ".blob") => Path.Combine(Directory, Guid.NewGuid().ToString("N") + extension);

    public SecretClient SecretClient(string? vault = null) =>
        new(VaultUri(vault), Credential(), new SecretClientOptions { Transport = Transport() });

    public CertificateClient CertificateClient(string? vault = null) =>
        new(VaultUri(vault), Credential(), new CertificateClientOptions { Transport = Transport() });

    /// <summary>Keys have no .NET SDK package here; Coffer.Client is the keys client.</summary>
    public KeyVaultClient KeyVaultClient(string? vault = null) =>
        new(VaultUri(vault), Credential(), new KeyVaultClientOptions { Transport = Transport() });

    /// <summary>Every object of every kind with its version ids, as the vault lists them (managed ones included): "kind/name/version".</summary>
    public async Task<List<string>> VaultContentAsync(string vault)
    {
        var client = KeyVaultClient(vault);
        var content = new List<string>();
        foreach (var kind in new[] { ObjectKind.Key, ObjectKind.Secret, ObjectKind.Certificate })
        {
            await foreach (var item in client.ListAsync(kind, default))
            {
                await foreach (var version in client.ListVersionsAsync(kind, item.Name, default))
                {
                    content.Add($"{kind.WireName()}/{item.Name}/{version.Version}");
                }
            }
        }

        return content.Order(StringComparer.Ordinal).ToList();
    }

    public Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => RunAsync(args, null);

    /// <param name="timeout">How long the run may take; 120 s when not given.</param>
    public Task<(int ExitCode, string Output, string Error)> RunAsync(string[] args, string? secret, string? clientId = null, TimeSpan? timeout = null) =>
        CofferDll.RunAsync(StartInfo(args, secret, clientId), timeout ?? TimeSpan.FromSeconds(120));

    /// <summary>
    /// <c>vault copy</c>'s options naming <paramref name="vault"/> of this server as its <paramref name="side"/> (<c>from</c> or
    /// <c>to</c>), with this deployment's default client, authority and CA; its secret goes in <see cref="SideSecret"/>.
    /// </summary>
    public string[] SideArguments(string side, string vault) =>
    [
        $"--{side}-vault-url", VaultUri(vault).ToString(), $"--{side}-tenant-id", Server.Deployment.TenantId,
        $"--{side}-client-id", Server.Deployment.DefaultClientId, $"--{side}-authority-host", Server.Options.Authority, $"--{side}-data-dir", Directory,
    ];

    public KeyValuePair<string, string> SideSecret(string side) => new($"COFFER_{side.ToUpperInvariant()}_CLIENT_SECRET", Server.Deployment.DefaultClientSecret);

    /// <summary>A vault of this server, made through the management API.</summary>
    public async Task<string> CreateVaultAsync(string location = "eastus")
    {
        var name = "v" + Guid.NewGuid().ToString("N")[..12];
        await Management().CreateVaultAsync(new Coffer.Client.Management.VaultCreateRequest(name, location), default);
        return name;
    }

    /// <summary>A registered client (an administrator when <paramref name="admin"/>) that appears in no vault's access policy.</summary>
    public Task<Coffer.Client.Management.ClientInfo> CreateClientAsync(bool admin = false) =>
        Management().CreateClientAsync("cli-" + Guid.NewGuid().ToString("N")[..8], admin, default);

    private Coffer.Client.Management.CofferManagementClient Management() =>
        new(new Uri(Server.Options.Authority), Credential(), Server.Options.Resource, new SecretClientOptions { Transport = Transport() });

    /// <summary>Starts coffer.dll with redirected output; the caller reads it and waits (or kills it).</summary>
    public Process Start(string[] args, string? secret = null, string? clientId = null) => Process.Start(StartInfo(args, secret, clientId))!;

    private ProcessStartInfo StartInfo(string[] args, string? secret, string? clientId)
    {
        var deployment = Server.Deployment;
        return CofferDll.StartInfo([.. args, "--data-dir", Directory], new Dictionary<string, string>
        {
            ["AZURE_TENANT_ID"] = deployment.TenantId,
            ["AZURE_CLIENT_ID"] = clientId ?? deployment.DefaultClientId,
            ["AZURE_CLIENT_SECRET"] = secret ?? deployment.DefaultClientSecret,
            ["AZURE_AUTHORITY_HOST"] = Server.Options.Authority,
            ["COFFER_VAULT_SUFFIX"] = Suffix,
        });
    }

    private ClientSecretCredential Credential() => new(Server.Deployment.TenantId, Server.Deployment.DefaultClientId, Server.Deployment.DefaultClientSecret,
        new ClientSecretCredentialOptions { AuthorityHost = new Uri(Server.Options.Authority), DisableInstanceDiscovery = true, Transport = Transport() });

    private HttpClientTransport Transport() => new(CofferTransport.CreateHandler(Server.Authority.Certificate));
}
