using System.Text.RegularExpressions;
using Azure;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Coffer.Client;

namespace Coffer.Cli.Tests;

/// <summary><c>coffer client create</c>, <c>vault set-policy</c> and <c>role assignment create</c> grant exactly what an SDK call then needs.</summary>
public sealed partial class AuthorizationCliTests(CliServerFixture fixture) : IClassFixture<CliServerFixture>
{
    [Fact]
    public async Task ClientCreate_ThenSetPolicy_LetsTheNewClientsSdkCallsThrough_AndNothingMore()
    {
        var created = await ManageAsync("client", "create", "--name", "ci-bot");
        var exports = Exports().Matches(created.Output).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        var objectId = ObjectId().Match(created.Output).Groups[1].Value;
        var client = Client(exports);

        var before = await Assert.ThrowsAsync<RequestFailedException>(() => client.SetSecretAsync("ci-token", "v1"));
        var policy = await ManageAsync("vault", "set-policy", "--name", fixture.VaultName, "--object-id", objectId, "--secret-permissions", "get", "set");
        await client.SetSecretAsync("ci-token", "v1");
        KeyVaultSecret read = await client.GetSecretAsync("ci-token");
        var backup = await Assert.ThrowsAsync<RequestFailedException>(() => client.BackupSecretAsync("ci-token"));
        var listed = await ManageAsync("client", "list");

        Assert.Equal(0, created.ExitCode);
        Assert.Equal(fixture.Server.Options.Authority, exports["AZURE_AUTHORITY_HOST"]);
        Assert.Equal((403, "Forbidden"), (before.Status, before.ErrorCode));
        Assert.Equal(0, policy.ExitCode);
        Assert.Contains("secrets [get set]", policy.Output, StringComparison.Ordinal);
        Assert.Equal("v1", read.Value);
        Assert.Equal(403, backup.Status);
        Assert.Contains(exports["AZURE_CLIENT_ID"], listed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(exports["AZURE_CLIENT_SECRET"], listed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoleAssignmentCreate_OnAnRbacVault_LetsTheAssigneeIn()
    {
        var created = await ManageAsync("client", "create", "--name", "rbac-bot");
        var exports = Exports().Matches(created.Output).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        var vault = await ManageAsync("vault", "create", "--name", "rbac-cli", "--enable-rbac-authorization");
        var client = Client(exports, "rbac-cli");

        var before = await Assert.ThrowsAsync<RequestFailedException>(() => client.SetSecretAsync("s", "v"));
        var assigned = await ManageAsync("role", "assignment", "create", "--role", "Key Vault Secrets Officer", "--assignee", exports["AZURE_CLIENT_ID"], "--vault", "rbac-cli");
        await client.SetSecretAsync("s", "v");
        var assignments = await ManageAsync("role", "assignment", "list", "--vault", "rbac-cli");
        var definitions = await ManageAsync("role", "definition", "list");
        var unknownRole = await ManageAsync("role", "assignment", "create", "--role", "Key Vault Wizard", "--assignee", exports["AZURE_CLIENT_ID"], "--vault", "rbac-cli");

        Assert.Equal((0, true), (vault.ExitCode, vault.Output.Contains("RBAC", StringComparison.Ordinal)));
        Assert.Contains("ForbiddenByRbac", before.Message, StringComparison.Ordinal);
        Assert.Equal(0, assigned.ExitCode);
        Assert.Contains("Key Vault Secrets Officer", assignments.Output, StringComparison.Ordinal);
        Assert.Contains("b86a8fe4-44ce-4948-aee5-eccb2c155cd7", definitions.Output, StringComparison.Ordinal);
        Assert.Equal(2, unknownRole.ExitCode);
    }

    private Task<(int ExitCode, string Output, string Error)> ManageAsync(params string[] args) =>
        fixture.RunAsync([.. args, "--server", fixture.Server.Options.Authority]);

    private SecretClient Client(Dictionary<string, string> exports, string? vault = null)
    {
        var transport = new HttpClientTransport(CofferTransport.CreateHandler(fixture.Server.Authority.Certificate));
        var credential = new ClientSecretCredential(exports["AZURE_TENANT_ID"], exports["AZURE_CLIENT_ID"], exports["AZURE_CLIENT_SECRET"],
            new ClientSecretCredentialOptions { AuthorityHost = new Uri(exports["AZURE_AUTHORITY_HOST"]), DisableInstanceDiscovery = true, Transport = transport });
        return new SecretClient(fixture.VaultUri(vault), credential, new SecretClientOptions { Transport = transport, Retry = { MaxRetries = 0 } });
    }

    [GeneratedRegex(@"^export (AZURE_[A-Z_]+)=(\S+)$", RegexOptions.Multiline)]
    private static partial Regex Exports();

    [GeneratedRegex(@"object id ([0-9a-f-]{36})")]
    private static partial Regex ObjectId();
}
