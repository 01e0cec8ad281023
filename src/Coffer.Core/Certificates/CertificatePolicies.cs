using Coffer.Core.Errors;
using Coffer.Core.Keys;

namespace Coffer.Core.Certificates;

/// <summary>Completes a policy with Key Vault's defaults and checks it; 400 BadParameter on anything it can't issue.</summary>
public static class CertificatePolicies
{
    public const string SelfIssuer = "Self";
    public const string UnknownIssuer = "Unknown";

    private static readonly string[] DefaultEkus = ["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"];
    private static readonly string[] DefaultKeyUsage = ["digitalSignature", "keyEncipherment"];

    public static CertificatePolicy Complete(CertificatePolicy? policy, DateTimeOffset now)
    {
        var key = policy?.KeyProperties;
        var kty = KeyTypes.Canonical(key?.Kty ?? KeyTypes.Rsa);
        if (kty is null || KeyTypes.IsOct(kty))
        {
            throw KeyVaultErrors.BadParameter($"Certificate key type '{key?.Kty}' is not supported: use RSA, RSA-HSM, EC or EC-HSM.");
        }

        var crv = KeyTypes.IsEc(kty) ? Curves.Canonical(key?.Crv ?? Curves.P256) : null;
        if (KeyTypes.IsEc(kty) && crv is not (Curves.P256 or Curves.P384 or Curves.P521))
        {
            throw KeyVaultErrors.BadParameter($"Certificate curve '{key?.Crv}' is not supported: use P-256, P-384 or P-521.");
        }

        var keySize = KeyTypes.IsRsa(kty) ? key?.KeySize ?? 2048 : (int?)null;
        if (keySize is { } size && !KeyGenerator.RsaSizes.Contains(size))
        {
            throw KeyVaultErrors.BadParameter($"Certificate RSA key size {size} is not supported: use 2048, 3072 or 4096.");
        }

        var contentType = policy?.SecretProperties?.ContentType ?? CertificateContentTypes.Pkcs12;
        if (contentType is not (CertificateContentTypes.Pkcs12 or CertificateContentTypes.Pem))
        {
            throw KeyVaultErrors.BadParameter($"Certificate content type '{contentType}' is not supported: use {CertificateContentTypes.Pkcs12} or {CertificateContentTypes.Pem}.");
        }

        var x509 = policy?.X509Properties;
        var sans = x509?.Sans;
        if (string.IsNullOrWhiteSpace(x509?.Subject) && (sans?.DnsNames?.Count ?? 0) + (sans?.Emails?.Count ?? 0) + (sans?.Upns?.Count ?? 0) == 0)
        {
            throw KeyVaultErrors.BadParameter("A certificate policy needs a subject or subject alternative names.");
        }

        var months = x509?.ValidityMonths ?? 12;
        if (months is < 1 or > 1200)
        {
            throw KeyVaultErrors.BadParameter($"validity_months {months} must be 1-1200.");
        }

        foreach (var usage in x509?.KeyUsage ?? [])
        {
            _ = CertificateFactory.KeyUsageFlag(usage);
        }

        var issuer = policy?.Issuer?.Name ?? UnknownIssuer;
        return new CertificatePolicy(
            null,
            new CertificateKeyProperties(key?.Exportable ?? true, kty, keySize, key?.ReuseKey ?? false, crv),
            new CertificateSecretProperties(contentType),
            new X509Properties(x509?.Subject, x509?.Ekus ?? DefaultEkus, sans, x509?.KeyUsage ?? DefaultKeyUsage, months),
            policy?.LifetimeActions ?? [new CertificateLifetimeAction(new LifetimeTrigger(80, null), new LifetimeActionType("AutoRenew"))],
            new IssuerParameters(issuer, policy?.Issuer?.CertificateType, policy?.Issuer?.CertificateTransparency),
            new PolicyAttributes(policy?.Attributes?.Enabled ?? true, now.ToUnixTimeSeconds(), now.ToUnixTimeSeconds()));
    }

    /// <summary>
    /// An update sets the members it gives and leaves the others (the SDKs send every section, mostly
    /// empty: <c>"key_props":{}</c> must not turn an EC policy back into the RSA default).
    /// </summary>
    public static CertificatePolicy Merge(CertificatePolicy current, CertificatePolicy update)
    {
        var (k, uk) = (current.KeyProperties, update.KeyProperties);
        var (x, ux) = (current.X509Properties, update.X509Properties);
        var (i, ui) = (current.Issuer, update.Issuer);
        var (n, un) = (x?.Sans, ux?.Sans);
        return new CertificatePolicy(
            null,
            new CertificateKeyProperties(uk?.Exportable ?? k?.Exportable, uk?.Kty ?? k?.Kty, uk?.KeySize ?? k?.KeySize,
                uk?.ReuseKey ?? k?.ReuseKey, uk?.Crv ?? k?.Crv),
            new CertificateSecretProperties(update.SecretProperties?.ContentType ?? current.SecretProperties?.ContentType),
            new X509Properties(ux?.Subject ?? x?.Subject, ux?.Ekus ?? x?.Ekus,
                new SubjectAlternativeNames(un?.Emails ?? n?.Emails, un?.DnsNames ?? n?.DnsNames, un?.Upns ?? n?.Upns),
                ux?.KeyUsage ?? x?.KeyUsage, ux?.ValidityMonths ?? x?.ValidityMonths),
            update.LifetimeActions ?? current.LifetimeActions,
            new IssuerParameters(ui?.Name ?? i?.Name, ui?.CertificateType ?? i?.CertificateType, ui?.CertificateTransparency ?? i?.CertificateTransparency),
            new PolicyAttributes(update.Attributes?.Enabled ?? current.Attributes?.Enabled, current.Attributes?.Created, null));
    }

    public static bool IsSelfIssued(CertificatePolicy policy) =>
        string.Equals(policy.Issuer?.Name, SelfIssuer, StringComparison.OrdinalIgnoreCase);
}
