using System.Security.Cryptography;
using Azure;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Coffer.Client.Management;
using Coffer.Core.Backup;
using Coffer.Core.Backup.SecurityDomain;
using Coffer.Tests;

namespace Coffer.Server.Tests;

/// <summary><c>/_coffer/securitydomain</c>: admins only, bad input is 400, and a key id held with other material refuses the whole upload.</summary>
[Collection(CofferServerGroup.Name)]
public sealed class SecurityDomainEndpointTests(CofferFixture fixture)
{
    private static readonly OperatorIdentity[] Operators = [OperatorIdentity.Rsa("a"), OperatorIdentity.Ec("b"), OperatorIdentity.Rsa("c")];

    [Fact]
    public async Task Upload_KeyIdHeldWithOtherMaterial_Returns409AndImportsNothing()
    {
        var management = fixture.ManagementClient();
        var subscription = Guid.NewGuid().ToString();
        var held = await management.CreateProtectionKeyAsync(subscription, "westeurope", default);
        var stranger = new BackupProtectionKey(Guid.NewGuid().ToString("N"), subscription, "US", RandomNumberGenerator.GetBytes(32));
        var forged = new BackupProtectionKey(held.Id, held.SubscriptionId, held.Geography, RandomNumberGenerator.GetBytes(32));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => management.UploadSecurityDomainAsync(Upload([stranger, forged]), default));

        Assert.Equal((409, "BackupProtectionKeyConflict"), (error.Status, error.ErrorCode));
        Assert.Equal("Europe", held.Geography);
        var status = await management.GetSecurityDomainStatusAsync(default);
        Assert.DoesNotContain(status.ProtectionKeys, k => k.Id == stranger.Id);
        Assert.Single(status.ProtectionKeys, k => k.Id == held.Id);
    }

    [Fact]
    public async Task DownloadWithPassphrase_UploadWithIt_FindsEveryKeyPresent()
    {
        var management = fixture.ManagementClient();
        var key = await management.CreateProtectionKeyAsync(Guid.NewGuid().ToString(), "Europe", default);

        var document = SecurityDomainFormat.Read(await management.DownloadSecurityDomainAsync("a long enough passphrase", default));
        var share = PassphraseKeys.Open(document, "a long enough passphrase");
        var upload = await management.UploadSecurityDomainAsync(SecurityDomainFormat.WriteUpload(new SecurityDomainUpload(document, [share])), default);

        Assert.Equal(("argon2id", 1), (document.Passphrase!.Kdf, document.Quorum));
        Assert.Contains(upload.AlreadyPresent, k => k.Id == key.Id);
        Assert.Empty(upload.Imported);
        Assert.True((await management.GetSecurityDomainStatusAsync(default)).ProtectionKeys.Single(k => k.Id == key.Id).Covered);
    }

    [Fact]
    public async Task CreateProtectionKey_Twice_GivesTheSameKey()
    {
        var management = fixture.ManagementClient();
        var subscription = Guid.NewGuid().ToString();

        var first = await management.CreateProtectionKeyAsync(subscription, "US", default);
        var second = await management.CreateProtectionKeyAsync(subscription.ToUpperInvariant(), "eastus", default);

        Assert.Equal(first, second);
        Assert.False((await management.GetSecurityDomainStatusAsync(default)).ProtectionKeys.Single(k => k.Id == first.Id).Covered);
    }

    [Theory]
    [InlineData("/_coffer/securitydomain/download", """{"certificates":["bm90IGEgY2VydA=="],"quorum":2}""", "BadParameter")]
    [InlineData("/_coffer/securitydomain/download", """{"certificates":[],"quorum":2}""", "BadParameter")]
    [InlineData("/_coffer/securitydomain/upload", """{"document":{"format":"CofferSecurityDomainV1"},"shares":[]}""", "InvalidSecurityDomain")]
    [InlineData("/_coffer/securitydomain/upload", "[1,2", "InvalidSecurityDomain")]
    [InlineData("/_coffer/securitydomain/protectionkeys", """{"subscriptionId":"not-a-guid","geography":"US"}""", "BadParameter")]
    [InlineData("/_coffer/securitydomain/protectionkeys", """{"subscriptionId":"7c7a1b4e-0000-4000-8000-000000000001","geography":"Atlantis"}""", "BadParameter")]
    public async Task Endpoints_BadInput_Return400(string path, string body, string code)
    {
        using var response = await fixture.SendAsync("POST", path, body);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains($"\"code\":\"{code}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_QuorumOfOne_Returns400()
    {
        var error = await Assert.ThrowsAsync<RequestFailedException>(() => fixture.ManagementClient()
            .DownloadSecurityDomainAsync(Operators.Select(o => o.Certificate.RawData).ToList(), 1, default));

        Assert.Equal((400, "BadParameter"), (error.Status, error.ErrorCode));
    }

    [Fact]
    public async Task Status_NonAdminClient_Returns403()
    {
        var client = await fixture.ManagementClient().CreateClientAsync("sd-" + Guid.NewGuid().ToString("N")[..8], admin: false, default);
        var credential = new ClientSecretCredential(client.TenantId, client.ClientId, client.Secret, new ClientSecretCredentialOptions
        {
            AuthorityHost = new Uri(fixture.Server.Options.Authority), DisableInstanceDiscovery = true, Transport = fixture.Transport(),
        });
        var management = new CofferManagementClient(new Uri(fixture.Server.Options.Authority), credential, "https://" + CofferFixture.Suffix,
            new SecretClientOptions { Transport = fixture.Transport() });

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => management.GetSecurityDomainStatusAsync(default));

        Assert.Equal(403, error.Status);
    }

    private static byte[] Upload(IReadOnlyList<BackupProtectionKey> keys)
    {
        var document = SecurityDomainFormat.Create(keys, Operators.Select(o => o.Certificate).ToList(), 2, DateTimeOffset.UtcNow);
        var shares = new[] { 0, 1 }.Select(i => OperatorKeys.Decrypt(document, document.Shares[i], Operators[i].PrivateKey)).ToList();
        return SecurityDomainFormat.WriteUpload(new SecurityDomainUpload(document, shares));
    }
}
