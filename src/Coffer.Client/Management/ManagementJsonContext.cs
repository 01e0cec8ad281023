using System.Text.Json.Serialization;

namespace Coffer.Client.Management;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(VaultInfo))]
[JsonSerializable(typeof(VaultCreateRequest))]
[JsonSerializable(typeof(VaultListResponse))]
internal sealed partial class ManagementJsonContext : JsonSerializerContext;
