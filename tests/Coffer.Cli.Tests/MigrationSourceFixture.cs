using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.Security.KeyVault.Certificates;
using Azure.Security.KeyVault.Secrets;
using Coffer.Client;
using Coffer.Client.Management;
using Coffer.Tests;

namespace Coffer.Cli.Tests;

/// <summary>
/// A SQLite data directory filled through a real server and the SDKs, then stopped, for <c>coffer migrate</c> to move:
/// keys, secrets and certificates with several versions each, a soft-deleted secret, a pending certificate operation,
/// contacts and an issuer, an extra client, an RBAC vault where a role assignment lets that client in, and the audit
/// entries all that wrote. <see cref="Before"/> is what the server served before it stopped. Also a throw-away PostgreSQL.
/// </summary>
public sealed class MigrationSourceFixture : IAsyncLifetime
{
    public const string RbacVault = "rbac-vault";
    public const string BotSecret = "bot-secret";

    private readonly CliServerFixture _server = new();

    public PostgresCluster Cluster { get; } = new();

    public string DataDirectory => _server.Directory;

    public string TenantId { get; private set; } = null!;

    public string DefaultClientId { get; private set; } = null!;

    public string DefaultClientSecret { get; private set; } = null!;

    public ClientInfo Bot { get; private set; } = null!;

    public string BotSecretValue { get; } = "written-by-the-bot";

    internal DeploymentContent Before { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Cluster.InitializeAsync(), _server.InitializeAsync());
        var server = _server.Server;
        (TenantId, DefaultClientId, DefaultClientSecret) = (server.Deployment.TenantId, server.Deployment.DefaultClientId, server.Deployment.DefaultClientSecret);
        await PopulateAsync();
        Before = await DeploymentContent.ReadAsync(_server.VaultUri(), Credential(DefaultClientId, DefaultClientSecret), server.Authority.Certificate);
        await server.App.StopAsync(); // drains the audit log, as a real shutdown does
        await server.DisposeAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }

    private async Task PopulateAsync()
    {
        var secrets = _server.SecretClient();
        var first = new KeyVaultSecret("db-password", "v1") { Properties = { ContentType = "text/plain" } };
        first.Properties.Tags["env"] = "prod";
        await secrets.SetSecretAsync(first);
        await secrets.SetSecretAsync("db-password", "v2");
        KeyVaultSecret third = await secrets.SetSecretAsync("db-password", "v3");
        third.Properties.ExpiresOn = DateTimeOffset.FromUnixTimeSeconds(2_000_000_000);
        await secrets.UpdateSecretPropertiesAsync(third.Properties);
        await secrets.SetSecretAsync("api-key", "a1");
        await secrets.SetSecretAsync("api-key", "a2");
        await secrets.SetSecretAsync("old-secret", "o1");
        await secrets.SetSecretAsync("old-secret", "o2");
        await (await secrets.StartDeleteSecretAsync("old-secret")).WaitForCompletionAsync();

        var keys = _server.KeyVaultClient();
        await keys.CreateKeyAsync("signing-key", "EC", default);
        await keys.CreateKeyAsync("signing-key", "EC", default);
        await keys.CreateKeyAsync("other-key", "EC", default);

        var certificates = _server.CertificateClient();
        for (var i = 0; i < 2; i++)
        {
            await (await certificates.StartCreateCertificateAsync("web", new CertificatePolicy("Self", "CN=web.example"))).WaitForCompletionAsync();
        }

        await certificates.StartCreateCertificateAsync(DeploymentContent.PendingCertificate, new CertificatePolicy("Unknown", "CN=pending.example"));
        await certificates.SetContactsAsync([new CertificateContact { Email = "ops@example.com", Name = "Ops", Phone = "555" }]);
        await certificates.CreateIssuerAsync(new CertificateIssuer(DeploymentContent.IssuerName, "DigiCert") { AccountId = "acct-1", Password = "issuer-pw", OrganizationId = "org-1" });

        var management = new CofferManagementClient(new Uri(_server.Server.Options.Authority), Credential(DefaultClientId, DefaultClientSecret),
            _server.Server.Options.Resource, new SecretClientOptions { Transport = Transport() });
        Bot = await management.CreateClientAsync("migrated-bot", admin: false, default);
        await management.CreateVaultAsync(new VaultCreateRequest(RbacVault, "westeurope", EnableRbacAuthorization: true), default);
        await management.CreateRoleAssignmentAsync(RbacVault, "Key Vault Secrets Officer", Bot.ClientId, default);
        var botSecrets = new SecretClient(_server.VaultUri(RbacVault), Credential(Bot.ClientId, Bot.Secret!), new SecretClientOptions { Transport = Transport() });
        await botSecrets.SetSecretAsync(BotSecret, BotSecretValue);
    }

    private ClientSecretCredential Credential(string clientId, string secret) => new(TenantId, clientId, secret,
        new ClientSecretCredentialOptions { AuthorityHost = new Uri(_server.Server.Options.Authority), DisableInstanceDiscovery = true, Transport = Transport() });

    private HttpClientTransport Transport() => new(CofferTransport.CreateHandler(_server.Server.Authority.Certificate));
}
