using System.Text.Json.Serialization;

namespace Coffer.Core.Certificates;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CertificatePolicy))]
[JsonSerializable(typeof(CertificateVersionProperties))]
[JsonSerializable(typeof(CertificateOperation))]
[JsonSerializable(typeof(CertificateIssuer))]
[JsonSerializable(typeof(CertificateContacts))]
internal sealed partial class CertificateJsonContext : JsonSerializerContext;
