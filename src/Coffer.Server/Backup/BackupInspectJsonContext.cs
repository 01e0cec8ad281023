using System.Text.Json.Serialization;

namespace Coffer.Server.Backup;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BackupInspectionWire))]
internal sealed partial class BackupInspectJsonContext : JsonSerializerContext;
