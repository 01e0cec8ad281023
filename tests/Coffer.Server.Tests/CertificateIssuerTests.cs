using Azure;
using Azure.Security.KeyVault.Certificates;

namespace Coffer.Server.Tests;

/// <summary>Issuers and contacts through CertificateClient: stored, served back, never the issuer's password.</summary>
[Collection(CofferServerGroup.Name)]
public sealed class CertificateIssuerTests(CofferFixture fixture)
{
    private readonly CertificateClient _client = fixture.CertificateClient();

    [Fact]
    public async Task Issuer_CreateGetUpdateListDelete()
    {
        var name = $"issuer-{Guid.NewGuid():N}"[..20];
        var issuer = new CertificateIssuer(name, "DigiCert") { AccountId = "acct-1", Password = "issuer-s3cret", OrganizationId = "org-1" };
        issuer.AdministratorContacts.Add(new AdministratorContact { FirstName = "Ada", LastName = "L", Email = "ada@example.com", Phone = "123" });

        CertificateIssuer created = await _client.CreateIssuerAsync(issuer);
        CertificateIssuer read = await _client.GetIssuerAsync(name);
        read.AccountId = "acct-2";
        CertificateIssuer updated = await _client.UpdateIssuerAsync(read);
        var listed = new List<IssuerProperties>();
        await foreach (var properties in _client.GetPropertiesOfIssuersAsync())
        {
            listed.Add(properties);
        }

        Assert.Equal("DigiCert", created.Provider);
        Assert.Null(read.Password);
        Assert.Equal("ada@example.com", Assert.Single(read.AdministratorContacts).Email);
        Assert.Equal("org-1", read.OrganizationId);
        Assert.Equal("acct-2", updated.AccountId);
        Assert.True(updated.Enabled);
        Assert.Contains(listed, p => p.Name == name && p.Provider == "DigiCert");

        await _client.DeleteIssuerAsync(name);
        var gone = await Assert.ThrowsAsync<RequestFailedException>(() => _client.GetIssuerAsync(name));
        Assert.Equal(404, gone.Status);
    }

    [Fact]
    public async Task GetIssuer_Missing_Returns404WithAzuresMessage()
    {
        var name = $"missing-{Guid.NewGuid():N}"[..20];

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => _client.GetIssuerAsync(name));
        using var body = System.Text.Json.JsonDocument.Parse(error.GetRawResponse()!.Content.ToString());

        Assert.Equal(404, error.Status);
        Assert.Equal("Issuer not found", body.RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Contacts_SetGetDelete()
    {
        var vault = await fixture.ManagementClient().CreateVaultAsync(new Client.Management.VaultCreateRequest("contacts-" + Guid.NewGuid().ToString("N")[..8]), default);
        var client = fixture.CertificateClient(vault.Name);
        Assert.Equal(404, (await Assert.ThrowsAsync<RequestFailedException>(() => client.GetContactsAsync())).Status);

        await client.SetContactsAsync([new CertificateContact { Email = "ops@example.com", Name = "Ops", Phone = "555" }]);
        var contacts = (await client.GetContactsAsync()).Value;
        var deleted = (await client.DeleteContactsAsync()).Value;

        Assert.Equal("ops@example.com", Assert.Single(contacts).Email);
        Assert.Single(deleted);
        Assert.Equal(404, (await Assert.ThrowsAsync<RequestFailedException>(() => client.GetContactsAsync())).Status);
    }

    [Fact]
    public async Task Issuer_WithoutProvider_Returns400()
    {
        var response = await fixture.SendAsync("PUT", "/certificates/issuers/bad?api-version=7.4", "{}");

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
    }
}
