using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coffer.Core.Certificates;

/// <summary>A certificate version: its DER, thumbprint and secret content type; with the object's policy when read.</summary>
public sealed record Certificate(string Name, ObjectVersion Version, CertificateVersionProperties Properties, CertificatePolicy? Policy)
{
    public static Certificate From(string name, ObjectVersion version, CertificatePolicy? policy) =>
        new(name, version, CertificateVersionProperties.Deserialize(version.Properties!), policy);
}

/// <summary>Stored as a certificate version's properties: nothing secret.</summary>
public sealed record CertificateVersionProperties(
    [property: JsonPropertyName("cer")] byte[] Cer,
    [property: JsonPropertyName("x5t")] string X5t,
    [property: JsonPropertyName("contentType")] string ContentType,
    [property: JsonPropertyName("preserveCertOrder")] bool? PreserveCertOrder = null)
{
    public string Serialize() => JsonSerializer.Serialize(this, CertificateJsonContext.Default.CertificateVersionProperties);

    public static CertificateVersionProperties Deserialize(string json) =>
        JsonSerializer.Deserialize(json, CertificateJsonContext.Default.CertificateVersionProperties)
            ?? throw new JsonException("Empty certificate properties.");
}
