using System.Text.Json.Serialization;

namespace Coffer.Cli.Commands;

/// <summary>What the CLI prints with <c>--output json</c>, and its backup and copy journals.</summary>
[JsonSourceGenerationOptions(WriteIndented = false, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(Dictionary<string, object?>))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(int?))]
[JsonSerializable(typeof(List<Dictionary<string, object?>>))]
[JsonSerializable(typeof(VaultBackupPlan))]
[JsonSerializable(typeof(VaultCopyPlan))]
[JsonSerializable(typeof(CopiedObject))]
[JsonSerializable(typeof(Coffer.Core.Backup.Archive.VaultRestoreReport))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
