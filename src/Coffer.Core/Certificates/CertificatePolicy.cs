using System.Text.Json.Serialization;

namespace Coffer.Core.Certificates;

/// <summary>
/// A certificate's policy in Key Vault's own shape (snake_case), which is how it is stored and how
/// it goes over the wire: key, secret and X.509 properties, lifetime actions, issuer.
/// </summary>
public sealed record CertificatePolicy(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("key_props")] CertificateKeyProperties? KeyProperties,
    [property: JsonPropertyName("secret_props")] CertificateSecretProperties? SecretProperties,
    [property: JsonPropertyName("x509_props")] X509Properties? X509Properties,
    [property: JsonPropertyName("lifetime_actions")] IReadOnlyList<CertificateLifetimeAction>? LifetimeActions,
    [property: JsonPropertyName("issuer")] IssuerParameters? Issuer,
    [property: JsonPropertyName("attributes")] PolicyAttributes? Attributes);

public sealed record CertificateKeyProperties(
    [property: JsonPropertyName("exportable")] bool? Exportable,
    [property: JsonPropertyName("kty")] string? Kty,
    [property: JsonPropertyName("key_size")] int? KeySize,
    [property: JsonPropertyName("reuse_key")] bool? ReuseKey,
    [property: JsonPropertyName("crv")] string? Crv);

public sealed record CertificateSecretProperties([property: JsonPropertyName("contentType")] string? ContentType);

public sealed record X509Properties(
    [property: JsonPropertyName("subject")] string? Subject,
    [property: JsonPropertyName("ekus")] IReadOnlyList<string>? Ekus,
    [property: JsonPropertyName("sans")] SubjectAlternativeNames? Sans,
    [property: JsonPropertyName("key_usage")] IReadOnlyList<string>? KeyUsage,
    [property: JsonPropertyName("validity_months")] int? ValidityMonths);

public sealed record SubjectAlternativeNames(
    [property: JsonPropertyName("emails")] IReadOnlyList<string>? Emails,
    [property: JsonPropertyName("dns_names")] IReadOnlyList<string>? DnsNames,
    [property: JsonPropertyName("upns")] IReadOnlyList<string>? Upns);

public sealed record CertificateLifetimeAction(
    [property: JsonPropertyName("trigger")] LifetimeTrigger? Trigger,
    [property: JsonPropertyName("action")] LifetimeActionType? Action);

public sealed record LifetimeTrigger(
    [property: JsonPropertyName("lifetime_percentage")] int? LifetimePercentage,
    [property: JsonPropertyName("days_before_expiry")] int? DaysBeforeExpiry);

public sealed record LifetimeActionType([property: JsonPropertyName("action_type")] string? ActionType);

public sealed record IssuerParameters(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("cty")] string? CertificateType,
    [property: JsonPropertyName("cert_transparency")] bool? CertificateTransparency);

public sealed record PolicyAttributes(
    [property: JsonPropertyName("enabled")] bool? Enabled,
    [property: JsonPropertyName("created")] long? Created,
    [property: JsonPropertyName("updated")] long? Updated);
