using System.Text.Json;
using Azure;

namespace Coffer.Cli.Tests;

/// <summary>
/// Debian's real <c>az</c> (2.45) against a started Coffer: cloud register, service-principal login, and
/// <c>az keyvault create|show|list|set-policy|delete</c> through Coffer's Resource Manager surface, checked through the
/// data plane with the .NET SDK.
/// </summary>
public sealed class AzCliTests(CliServerFixture server) : IClassFixture<CliServerFixture>
{
    [Fact]
    public async Task AzKeyvault_CreateShowListSetPolicyDelete_ManagesRealVaults()
    {
        using var az = new AzCli(server);
        await az.SetUpAsync();
        var deployment = server.Server.Deployment;
        var login = await az.SucceedAsync("login", "--service-principal", "--username", deployment.DefaultClientId,
            $"--password={deployment.DefaultClientSecret}", "--tenant", deployment.TenantId);
        Assert.Equal(deployment.SubscriptionId, login[0].GetProperty("id").GetString());
        Assert.Equal(deployment.TenantId, login[0].GetProperty("tenantId").GetString());

        var name = "az" + Guid.NewGuid().ToString("N")[..10];
        var created = await az.SucceedAsync("keyvault", "create", "--name", name, "--resource-group", "coffer", "--location", "westeurope",
            "--retention-days", "30");
        Assert.Equal("westeurope", created.GetProperty("location").GetString());
        Assert.Equal(30, created.GetProperty("properties").GetProperty("softDeleteRetentionInDays").GetInt32());
        Assert.Equal($"https://{name}.{server.Suffix}/", created.GetProperty("properties").GetProperty("vaultUri").GetString());

        // az found the caller's object id through Coffer's Graph subset and gave it every permission: the data plane agrees.
        await server.SecretClient(name).SetSecretAsync("from-az", "value");
        var shown = await az.SucceedAsync("keyvault", "show", "--name", name);
        Assert.Equal($"/subscriptions/{deployment.SubscriptionId}/resourceGroups/coffer/providers/Microsoft.KeyVault/vaults/{name}", shown.GetProperty("id").GetString());
        var listed = await az.SucceedAsync("keyvault", "list");
        Assert.Contains(name, listed.EnumerateArray().Select(v => v.GetProperty("name").GetString()));
        Assert.Contains(deployment.DefaultVaultName, listed.EnumerateArray().Select(v => v.GetProperty("name").GetString()));

        var reader = await server.CreateClientAsync();
        var readerSecrets = new Azure.Security.KeyVault.Secrets.SecretClient(server.VaultUri(name),
            new Azure.Identity.ClientSecretCredential(deployment.TenantId, reader.ClientId, reader.Secret, new Azure.Identity.ClientSecretCredentialOptions
            {
                AuthorityHost = new Uri(server.Server.Options.Authority), DisableInstanceDiscovery = true, Transport = ReaderTransport(),
            }), new Azure.Security.KeyVault.Secrets.SecretClientOptions { Transport = ReaderTransport() });
        var denied = await Assert.ThrowsAsync<RequestFailedException>(() => readerSecrets.GetSecretAsync("from-az"));
        Assert.Equal(403, denied.Status);
        var policies = await az.SucceedAsync("keyvault", "set-policy", "--name", name, "--spn", reader.ClientId, "--secret-permissions", "get", "list");
        Assert.Contains(policies.GetProperty("properties").GetProperty("accessPolicies").EnumerateArray(),
            p => p.GetProperty("objectId").GetString() == reader.ObjectId);
        Assert.Equal("value", (await readerSecrets.GetSecretAsync("from-az")).Value.Value);

        await az.SucceedAsync("keyvault", "delete", "--name", name);
        var (exitCode, _, error) = await az.RunAsync("keyvault", "show", "--name", name);
        Assert.NotEqual(0, exitCode);
        Assert.Contains("not found", error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(name, (await az.SucceedAsync("keyvault", "list")).EnumerateArray().Select(v => v.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task AzKeyvaultCreate_OtherResourceGroupOrTakenName_FailsWithArmCode()
    {
        using var az = new AzCli(server);
        await az.SetUpAsync();
        var deployment = server.Server.Deployment;
        await az.SucceedAsync("login", "--service-principal", "--username", deployment.DefaultClientId,
            $"--password={deployment.DefaultClientSecret}", "--tenant", deployment.TenantId);

        var (exitCode, _, error) = await az.RunAsync("keyvault", "create", "--name", "az" + Guid.NewGuid().ToString("N")[..10],
            "--resource-group", "elsewhere", "--location", "eastus");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("ResourceGroupNotFound", error, StringComparison.Ordinal);

        (exitCode, _, error) = await az.RunAsync("keyvault", "create", "--name", deployment.DefaultVaultName, "--resource-group", "coffer", "--location", "eastus");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("already exists", error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AzLogin_ClientNotAdmin_FailsWithAuthorizationFailed()
    {
        using var az = new AzCli(server);
        await az.SetUpAsync();
        var client = await server.CreateClientAsync();

        var (exitCode, _, error) = await az.RunAsync("login", "--service-principal", "--username", client.ClientId,
            $"--password={client.Secret}", "--tenant", server.Server.Deployment.TenantId);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("AuthorizationFailed", error, StringComparison.Ordinal);
    }

    private Azure.Core.Pipeline.HttpClientTransport ReaderTransport() => new(Coffer.Client.CofferTransport.CreateHandler(server.Server.Authority.Certificate));
}
