using Coffer.Core.Errors;
using Coffer.Core.Keys;

namespace Coffer.Core.Certificates;

/// <summary>Completes a policy with Key Vault's defaults and checks it; 400 BadParameter on anything it can't issue.</summary>
public static class CertificatePolicies
{
    public const string SelfIssuer = "Self";
    public const string UnknownIssuer = "Unknown";
    public const string AutoRenew = "AutoRenew";
    public const string EmailContacts = "EmailContacts";

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

        ValidateLifetimeActions(policy?.LifetimeActions, months);
        var issuer = policy?.Issuer?.Name ?? UnknownIssuer;
        return new CertificatePolicy(
            null,
            new CertificateKeyProperties(key?.Exportable ?? true, kty, keySize, key?.ReuseKey ?? false, crv),
            new CertificateSecretProperties(contentType),
            new X509Properties(x509?.Subject, x509?.Ekus ?? DefaultEkus, sans, x509?.KeyUsage ?? DefaultKeyUsage, months),
            policy?.LifetimeActions ?? [new CertificateLifetimeAction(new LifetimeTrigger(80, null), new LifetimeActionType(AutoRenew))],
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

    /// <summary>
    /// Each action is AutoRenew or EmailContacts with one trigger that falls inside a version's lifetime (a month is at
    /// least 28 days), so a new version is never due the moment it is made; 400 BadParameter otherwise.
    /// </summary>
    public static void ValidateLifetimeActions(IReadOnlyList<CertificateLifetimeAction>? actions, int validityMonths)
    {
        foreach (var action in actions ?? [])
        {
            if (action.Action?.ActionType is not { } type
                || !(string.Equals(type, AutoRenew, StringComparison.OrdinalIgnoreCase) || string.Equals(type, EmailContacts, StringComparison.OrdinalIgnoreCase)))
            {
                throw KeyVaultErrors.BadParameter($"Lifetime action type '{action.Action?.ActionType}' is not supported: use {AutoRenew} or {EmailContacts}.");
            }

            var (percentage, days) = (action.Trigger?.LifetimePercentage, action.Trigger?.DaysBeforeExpiry);
            if ((percentage is null) == (days is null))
            {
                throw KeyVaultErrors.BadParameter("Each lifetime action's trigger needs exactly one of lifetime_percentage and days_before_expiry.");
            }

            if (percentage is < 1 or > 99)
            {
                throw KeyVaultErrors.BadParameter($"lifetime_percentage {percentage} must be 1-99.");
            }

            var maxDays = (validityMonths * 28) - 1;
            if (days < 1 || days > maxDays)
            {
                throw KeyVaultErrors.BadParameter($"days_before_expiry {days} must be 1-{maxDays} for validity_months {validityMonths}.");
            }
        }
    }

    /// <summary>
    /// When the policy's AutoRenew actions make <paramref name="current"/> due: the earliest of <c>days_before_expiry</c>
    /// before its expiry and <c>lifetime_percentage</c> of the way from its nbf to its expiry; null when none applies.
    /// </summary>
    public static DateTimeOffset? RenewalDueOn(CertificatePolicy policy, ObjectVersion current)
    {
        if (current.Attributes.Expires is not { } expires)
        {
            return null;
        }

        var start = current.Attributes.NotBefore ?? current.Created;
        DateTimeOffset? due = null;
        foreach (var trigger in (policy.LifetimeActions ?? [])
            .Where(a => string.Equals(a.Action?.ActionType, AutoRenew, StringComparison.OrdinalIgnoreCase))
            .Select(a => a.Trigger))
        {
            var at = trigger?.DaysBeforeExpiry is { } days ? expires.AddDays(-days)
                : trigger?.LifetimePercentage is { } percentage ? start + (expires - start) * (percentage / 100.0)
                : (DateTimeOffset?)null;
            if (at < due || due is null)
            {
                due = at;
            }
        }

        return due;
    }

    public static bool IsSelfIssued(CertificatePolicy policy) =>
        string.Equals(policy.Issuer?.Name, SelfIssuer, StringComparison.OrdinalIgnoreCase);
}
