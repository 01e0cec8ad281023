using System.Text.Json.Serialization;

namespace Coffer.Core.Keys;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(Base64UrlBytesConverter)])]
[JsonSerializable(typeof(JsonWebKeyMaterial))]
[JsonSerializable(typeof(KeyProperties))]
[JsonSerializable(typeof(RotationPolicy))]
internal sealed partial class KeyJsonContext : JsonSerializerContext;
