using System.Text.Json.Serialization;

namespace Coffer.Core.Certificates;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CertificatePolicy))]
[JsonSerializable(typeof(CertificateVersionProperties))]
[JsonSerializable(typeof(CertificateOperation))]
internal sealed partial class CertificateJsonContext : JsonSerializerContext;
