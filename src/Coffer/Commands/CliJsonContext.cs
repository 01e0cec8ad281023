using System.Text.Json.Serialization;

namespace Coffer.Cli.Commands;

/// <summary>What the CLI prints with <c>--output json</c>.</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(Dictionary<string, object?>))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(bool))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
