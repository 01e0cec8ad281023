using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coffer.Core.Secrets;

/// <summary>What a secret version carries besides its value: whether a certificate manages it.</summary>
public sealed record SecretVersionProperties([property: JsonPropertyName("managed")] bool Managed)
{
    public static readonly string ManagedJson = JsonSerializer.Serialize(new SecretVersionProperties(true), SecretJsonContext.Default.SecretVersionProperties);

    public static bool IsManaged(ObjectVersion version) =>
        version.Properties is { } json && JsonSerializer.Deserialize(json, SecretJsonContext.Default.SecretVersionProperties)?.Managed == true;
}

[JsonSerializable(typeof(SecretVersionProperties))]
internal sealed partial class SecretJsonContext : JsonSerializerContext;
