using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Certificates;
using Azure.Security.KeyVault.Secrets;
using Coffer.Client;
using Coffer.Client.KeyVault;
using Coffer.Core;

namespace Coffer.Cli.Tests;

/// <summary>
/// Everything a vault serves, read through the SDKs (keys through Coffer.Client and plain REST): every version of every
/// secret (values included, a certificate's too), key (its JWK and attributes) and certificate (its DER), the soft-deleted
/// secrets, a pending certificate operation's CSR, contacts and an issuer — in a form that does not depend on the host and
/// port it was read from, so two servers' answers compare with <c>Assert.Equivalent</c>.
/// </summary>
internal sealed record DeploymentContent(
    List<DeploymentContent.SecretVersion> Secrets,
    List<DeploymentContent.KeyVersion> Keys,
    List<DeploymentContent.CertificateVersion> Certificates,
    List<DeploymentContent.DeletedSecret> Deleted,
    byte[] PendingCsr,
    List<string> Contacts,
    string Issuer)
{
    public const string PendingCertificate = "pending-cert";
    public const string IssuerName = "digicert";

    public sealed record SecretVersion(string Name, string Version, string Value, string? ContentType, string Tags, DateTimeOffset? Created,
        DateTimeOffset? Updated, bool? Enabled, DateTimeOffset? Expires, bool Managed);

    public sealed record KeyVersion(string Name, string Version, string Json);

    public sealed record CertificateVersion(string Name, string Version, byte[] Cer, DateTimeOffset? Created, string Subject);

    public sealed record DeletedSecret(string Name, string? Version, DateTimeOffset? DeletedOn, DateTimeOffset? ScheduledPurgeDate);

    public static async Task<DeploymentContent> ReadAsync(Uri vault, TokenCredential credential, X509Certificate2 ca)
    {
        var transport = new HttpClientTransport(CofferTransport.CreateHandler(ca));
        var secrets = new SecretClient(vault, credential, new SecretClientOptions { Transport = transport });
        var certificates = new CertificateClient(vault, credential, new CertificateClientOptions { Transport = transport });
        var keys = new KeyVaultClient(vault, credential, new KeyVaultClientOptions { Transport = transport });

        var secretVersions = new List<SecretVersion>();
        await foreach (var secret in secrets.GetPropertiesOfSecretsAsync())
        {
            await foreach (var version in secrets.GetPropertiesOfSecretVersionsAsync(secret.Name))
            {
                KeyVaultSecret read = await secrets.GetSecretAsync(secret.Name, version.Version);
                var p = read.Properties;
                secretVersions.Add(new SecretVersion(p.Name, p.Version, read.Value, p.ContentType,
                    string.Join(',', p.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}")),
                    p.CreatedOn, p.UpdatedOn, p.Enabled, p.ExpiresOn, p.Managed));
            }
        }

        var keyVersions = new List<KeyVersion>();
        using var rest = await RestClientAsync(vault, credential, ca);
        await foreach (var key in keys.ListAsync(ObjectKind.Key, default))
        {
            if (key.Managed)
            {
                continue; // a certificate's key: its secret and certificate are compared
            }

            await foreach (var version in keys.ListVersionsAsync(ObjectKind.Key, key.Name, default))
            {
                var json = await rest.GetFromJsonAsync<JsonObject>($"keys/{key.Name}/{version.Version}?api-version=7.5");
                json!["key"]!.AsObject().Remove("kid"); // names the host it was read from
                keyVersions.Add(new KeyVersion(key.Name, version.Version!, json.ToJsonString()));
            }
        }

        var certificateVersions = new List<CertificateVersion>();
        await foreach (var certificate in certificates.GetPropertiesOfCertificatesAsync())
        {
            if (certificate.Name == PendingCertificate)
            {
                continue;
            }

            CertificatePolicy policy = await certificates.GetCertificatePolicyAsync(certificate.Name);
            await foreach (var version in certificates.GetPropertiesOfCertificateVersionsAsync(certificate.Name))
            {
                KeyVaultCertificate read = await certificates.GetCertificateVersionAsync(certificate.Name, version.Version);
                certificateVersions.Add(new CertificateVersion(read.Name, read.Properties.Version, read.Cer, read.Properties.CreatedOn, policy.Subject));
            }
        }

        var deleted = new List<DeletedSecret>();
        await foreach (var secret in secrets.GetDeletedSecretsAsync())
        {
            deleted.Add(new DeletedSecret(secret.Name, secret.Properties.Version, secret.DeletedOn, secret.ScheduledPurgeDate));
        }

        var operation = await certificates.GetCertificateOperationAsync(PendingCertificate);
        var contacts = (await certificates.GetContactsAsync()).Value.Select(c => $"{c.Name} <{c.Email}> {c.Phone}").ToList();
        CertificateIssuer issuer = await certificates.GetIssuerAsync(IssuerName);
        return new DeploymentContent(
            [.. secretVersions.OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Version, StringComparer.Ordinal)],
            [.. keyVersions.OrderBy(k => k.Name, StringComparer.Ordinal).ThenBy(k => k.Version, StringComparer.Ordinal)],
            [.. certificateVersions.OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Version, StringComparer.Ordinal)],
            deleted, operation.Properties.Csr, contacts, $"{issuer.Provider} {issuer.AccountId} {issuer.OrganizationId}");
    }

    /// <summary>An HTTP client for the vault's REST API with a bearer token of <paramref name="credential"/>.</summary>
    public static async Task<HttpClient> RestClientAsync(Uri vault, TokenCredential credential, X509Certificate2 ca)
    {
        var token = await credential.GetTokenAsync(new TokenRequestContext(["https://vault.localhost/.default"]), default);
        var client = new HttpClient(CofferTransport.CreateHandler(ca)) { BaseAddress = vault };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.Token);
        return client;
    }
}
