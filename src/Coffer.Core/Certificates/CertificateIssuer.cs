using System.Text.Json.Serialization;

namespace Coffer.Core.Certificates;

/// <summary>A certificate issuer as Key Vault stores it (snake_case on the wire); Coffer never calls the provider.</summary>
public sealed record CertificateIssuer(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("provider")] string? Provider,
    [property: JsonPropertyName("credentials")] IssuerCredentials? Credentials,
    [property: JsonPropertyName("org_details")] OrganizationDetails? OrganizationDetails,
    [property: JsonPropertyName("attributes")] IssuerAttributes? Attributes);

public sealed record IssuerCredentials(
    [property: JsonPropertyName("account_id")] string? AccountId,
    [property: JsonPropertyName("pwd")] string? Password);

public sealed record OrganizationDetails(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("admin_details")] IReadOnlyList<AdministratorDetails>? AdminDetails);

public sealed record AdministratorDetails(
    [property: JsonPropertyName("first_name")] string? FirstName,
    [property: JsonPropertyName("last_name")] string? LastName,
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("phone")] string? Phone);

public sealed record IssuerAttributes(
    [property: JsonPropertyName("enabled")] bool? Enabled,
    [property: JsonPropertyName("created")] long? Created,
    [property: JsonPropertyName("updated")] long? Updated);

/// <summary>The vault's certificate contacts.</summary>
public sealed record CertificateContacts(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("contacts")] IReadOnlyList<CertificateContact>? Contacts);

public sealed record CertificateContact(
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("phone")] string? Phone);
