using System.Text.Json.Serialization;

namespace Coffer.Bench.Backup;

/// <summary><c>{"value": base64url}</c>: what a backup answers and a restore takes.</summary>
internal sealed record BackupValue(string Value);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(BackupValue))]
internal sealed partial class BackupJsonContext : JsonSerializerContext;
