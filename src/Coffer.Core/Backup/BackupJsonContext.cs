using System.Text.Json.Serialization;

namespace Coffer.Core.Backup;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BackupPayload))]
[JsonSerializable(typeof(BackupProtectionKeyring.StoredKey))]
internal sealed partial class BackupJsonContext : JsonSerializerContext;
