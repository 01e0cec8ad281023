using System.Text;
using System.Text.Json;
using Coffer.Core.Crypto;
using Coffer.Core.Errors;
using Coffer.Core.Storage;
using Coffer.Core.Vaults;

namespace Coffer.Core.Certificates;

/// <summary>
/// Certificate issuers and contacts of a vault, stored (sealed: issuer passwords are secrets) and
/// served back; Coffer contacts no certificate authority, so an issuer other than Self leaves a
/// created certificate pending until it is merged.
/// </summary>
public sealed class CertificateIssuerService(ISettingStore settings, EnvelopeSealer sealer, TimeProvider time)
{
    public async Task<CertificateIssuer> SetAsync(Vault vault, string name, CertificateIssuer issuer, CancellationToken cancellationToken)
    {
        ObjectName.Validate(name);
        if (string.IsNullOrWhiteSpace(issuer.Provider))
        {
            throw KeyVaultErrors.BadParameter("The issuer's provider is required.");
        }

        var existing = await FindAsync(vault, name, cancellationToken);
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var stored = issuer with
        {
            Id = null,
            Attributes = new IssuerAttributes(issuer.Attributes?.Enabled ?? true, existing?.Attributes?.Created ?? now, now),
        };
        await SaveAsync(vault, name, stored, cancellationToken);
        return stored;
    }

    /// <summary>Members given replace the stored ones.</summary>
    public async Task<CertificateIssuer> UpdateAsync(Vault vault, string name, CertificateIssuer update, CancellationToken cancellationToken)
    {
        var current = await GetAsync(vault, name, cancellationToken);
        var merged = new CertificateIssuer(null, update.Provider ?? current.Provider,
            update.Credentials is null ? current.Credentials
                : new IssuerCredentials(update.Credentials.AccountId ?? current.Credentials?.AccountId, update.Credentials.Password ?? current.Credentials?.Password),
            update.OrganizationDetails ?? current.OrganizationDetails,
            new IssuerAttributes(update.Attributes?.Enabled ?? current.Attributes?.Enabled, current.Attributes?.Created, time.GetUtcNow().ToUnixTimeSeconds()));
        await SaveAsync(vault, name, merged, cancellationToken);
        return merged;
    }

    public async Task<CertificateIssuer> GetAsync(Vault vault, string name, CancellationToken cancellationToken) =>
        await FindAsync(vault, name, cancellationToken) ?? throw IssuerNotFound(name);

    public async Task<CertificateIssuer> DeleteAsync(Vault vault, string name, CancellationToken cancellationToken)
    {
        var issuer = await GetAsync(vault, name, cancellationToken);
        await settings.DeleteAsync(IssuerKey(vault, name), cancellationToken);
        return issuer;
    }

    public async Task<IReadOnlyList<(string Name, CertificateIssuer Issuer)>> ListAsync(Vault vault, CancellationToken cancellationToken)
    {
        var prefix = IssuerKey(vault, string.Empty);
        var stored = await settings.ListAsync(prefix, cancellationToken);
        return stored.Select(s => (s.Name[prefix.Length..], Open(s.Name, s.Value))).ToList();
    }

    public async Task<CertificateContacts> SetContactsAsync(Vault vault, CertificateContacts contacts, CancellationToken cancellationToken)
    {
        var stored = contacts with { Id = null };
        await settings.SetAsync(ContactsKey(vault), JsonSerializer.Serialize(stored, CertificateJsonContext.Default.CertificateContacts), cancellationToken);
        return stored;
    }

    public async Task<CertificateContacts> GetContactsAsync(Vault vault, CancellationToken cancellationToken) =>
        await settings.GetAsync(ContactsKey(vault), cancellationToken) is { } json
            ? JsonSerializer.Deserialize(json, CertificateJsonContext.Default.CertificateContacts)!
            : throw new KeyVaultException(404, "ContactsNotFound", "Contacts not found");

    public async Task<CertificateContacts> DeleteContactsAsync(Vault vault, CancellationToken cancellationToken)
    {
        var contacts = await GetContactsAsync(vault, cancellationToken);
        await settings.DeleteAsync(ContactsKey(vault), cancellationToken);
        return contacts;
    }

    private async Task<CertificateIssuer?> FindAsync(Vault vault, string name, CancellationToken cancellationToken)
    {
        var key = IssuerKey(vault, ObjectName.Validate(name));
        return await settings.GetAsync(key, cancellationToken) is { } value ? Open(key, value) : null;
    }

    private Task SaveAsync(Vault vault, string name, CertificateIssuer issuer, CancellationToken cancellationToken)
    {
        var key = IssuerKey(vault, name);
        var sealedIssuer = sealer.Seal(JsonSerializer.SerializeToUtf8Bytes(issuer, CertificateJsonContext.Default.CertificateIssuer), key);
        return settings.SetAsync(key, Convert.ToBase64String(sealedIssuer), cancellationToken);
    }

    private CertificateIssuer Open(string key, string value) =>
        JsonSerializer.Deserialize(Encoding.UTF8.GetString(sealer.Open(Convert.FromBase64String(value), key)), CertificateJsonContext.Default.CertificateIssuer)!;

    private static string IssuerKey(Vault vault, string name) => $"certificate-issuer:{vault.Name}:{ObjectName.Normalize(name)}";

    private static string ContactsKey(Vault vault) => $"certificate-contacts:{vault.Name}";

    private static KeyVaultException IssuerNotFound(string name) =>
        new(404, "CertificateIssuerNotFound", "Issuer not found");
}
