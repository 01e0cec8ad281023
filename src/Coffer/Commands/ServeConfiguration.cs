using System.CommandLine;
using System.Text.Json;
using Coffer.Server.Hosting;

namespace Coffer.Cli.Commands;

/// <summary>
/// Resolves <c>coffer serve</c>'s options: each setting from its flag, else its <c>COFFER_…</c> environment variable, else
/// the <c>--config</c> JSON file, else the default; then validates the whole, so one failed start lists every problem.
/// </summary>
internal sealed class ServeConfiguration
{
    public const string ConfigEnvironmentVariable = "COFFER_CONFIG";

    private readonly Dictionary<ServeSetting, Option> _flags = [];

    public ServeConfiguration()
    {
        foreach (var setting in ServeSettings.All)
        {
            var description = $"{setting.Description} [env {setting.EnvironmentVariable}]";
            _flags[setting] = setting.Shape switch
            {
                ServeSettingShape.Switch => new Option<bool>(setting.Flag) { Description = description },
                ServeSettingShape.List => new Option<string[]>(setting.Flag) { Description = description },
                _ => new Option<string>(setting.Flag) { Description = description },
            };
        }
    }

    public Option<string?> ConfigFile { get; } = new("--config")
    {
        Description = $"A JSON file of settings by name, e.g. {{\"port\": 8443, \"log-format\": \"json\"}}; flags, then COFFER_… variables, win over it [env {ConfigEnvironmentVariable}].",
    };

    public IEnumerable<Option> Options => [ConfigFile, .. _flags.Values];

    /// <summary>The options, or every problem found (unreadable file, unknown setting, bad value, invalid whole).</summary>
    public (CofferOptions? Options, IReadOnlyList<string> Problems) Resolve(ParseResult result, Func<string, string?> environment)
    {
        var problems = new List<string>();
        var file = ReadFile(result.GetValue(ConfigFile) ?? environment(ConfigEnvironmentVariable), problems);
        var options = new CofferOptions { RootKey = environment("COFFER_ROOT_KEY") };
        foreach (var setting in ServeSettings.All)
        {
            if ((FromFlag(result, setting) ?? FromEnvironment(setting, environment) ?? file.GetValueOrDefault(setting.Name)) is { } values
                && setting.Apply(options, values) is { } problem)
            {
                problems.Add(problem);
            }
        }

        problems.AddRange(options.Validate());
        return problems.Count == 0 ? (options, problems) : (null, problems);
    }

    private IReadOnlyList<string>? FromFlag(ParseResult result, ServeSetting setting)
    {
        var flag = _flags[setting];
        if (result.GetResult(flag) is not { Implicit: false })
        {
            return null;
        }

        return flag switch
        {
            Option<bool> on => [result.GetValue(on) ? "true" : "false"],
            Option<string[]> list => result.GetValue(list) ?? [],
            _ => [result.GetValue((Option<string>)flag)!],
        };
    }

    private static IReadOnlyList<string>? FromEnvironment(ServeSetting setting, Func<string, string?> environment) =>
        environment(setting.EnvironmentVariable) is { Length: > 0 } value
            ? setting.Shape == ServeSettingShape.List ? value.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [value]
            : null;

    private static Dictionary<string, IReadOnlyList<string>> ReadFile(string? path, List<string> problems)
    {
        var settings = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (path is null)
        {
            return settings;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            problems.Add($"--config {path}: {e.Message}");
            return settings;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"--config {path}: the file must hold one JSON object of settings by name.");
                return settings;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                var setting = ServeSettings.All.FirstOrDefault(s => s.Name == property.Name);
                if (setting is null)
                {
                    problems.Add($"--config {path}: unknown setting '{property.Name}'.");
                }
                else if (ValuesOf(property.Value, setting.Shape) is { } values)
                {
                    settings[setting.Name] = values;
                }
                else
                {
                    problems.Add($"--config {path}: '{property.Name}' must be {(setting.Shape == ServeSettingShape.List ? "an array of strings" : "a string, number or true/false")}.");
                }
            }
        }

        return settings;
    }

    private static string[]? ValuesOf(JsonElement value, ServeSettingShape shape) =>
        (value.ValueKind, shape) switch
        {
            (JsonValueKind.Array, ServeSettingShape.List) when value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String) =>
                [.. value.EnumerateArray().Select(v => v.GetString()!)],
            (JsonValueKind.String, not ServeSettingShape.List) => [value.GetString()!],
            (JsonValueKind.Number, ServeSettingShape.Value) => [value.GetRawText()],
            (JsonValueKind.True or JsonValueKind.False, ServeSettingShape.Switch) => [value.GetRawText()],
            _ => null,
        };
}
