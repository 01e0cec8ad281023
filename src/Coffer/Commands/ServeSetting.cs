using System.Globalization;
using Coffer.Server.Hosting;

namespace Coffer.Cli.Commands;

/// <summary>
/// One <c>coffer serve</c> setting, by its one name: <c>--{name}</c> on the command line, <c>COFFER_{NAME}</c> in the
/// environment (upper case, <c>-</c> as <c>_</c>), <c>"{name}"</c> in the <c>--config</c> file.
/// </summary>
internal sealed class ServeSetting
{
    private readonly Func<CofferOptions, IReadOnlyList<string>, string?> _apply;

    private ServeSetting(string name, ServeSettingShape shape, string description, Func<CofferOptions, IReadOnlyList<string>, string?> apply)
    {
        Name = name;
        Shape = shape;
        Description = description;
        _apply = apply;
    }

    public string Name { get; }

    public ServeSettingShape Shape { get; }

    public string Description { get; }

    public string Flag => "--" + Name;

    public string EnvironmentVariable => "COFFER_" + Name.ToUpperInvariant().Replace('-', '_');

    /// <summary>Sets <paramref name="values"/> (one, or several for a list) on <paramref name="options"/>; the problem when they are not valid.</summary>
    public string? Apply(CofferOptions options, IReadOnlyList<string> values) => _apply(options, values);

    public static ServeSetting Text(string name, string description, Action<CofferOptions, string> set) =>
        new(name, ServeSettingShape.Value, description, (options, values) =>
        {
            set(options, values[0]);
            return null;
        });

    public static ServeSetting Number(string name, string description, Action<CofferOptions, int> set) =>
        new(name, ServeSettingShape.Value, description, (options, values) =>
        {
            if (!int.TryParse(values[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            {
                return $"{name} '{values[0]}' is not a whole number.";
            }

            set(options, number);
            return null;
        });

    public static ServeSetting Switch(string name, string description, Action<CofferOptions, bool> set) =>
        new(name, ServeSettingShape.Switch, description, (options, values) =>
        {
            if (!bool.TryParse(values[0], out var on))
            {
                return $"{name} '{values[0]}' is not true or false.";
            }

            set(options, on);
            return null;
        });

    public static ServeSetting Choice<T>(string name, string description, Action<CofferOptions, T> set)
        where T : struct, Enum =>
        new(name, ServeSettingShape.Value, description, (options, values) =>
        {
            if (!Enum.TryParse<T>(values[0], ignoreCase: true, out var choice) || !Enum.IsDefined(choice) || int.TryParse(values[0], out _))
            {
                return $"{name} '{values[0]}' is not one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}.";
            }

            set(options, choice);
            return null;
        });

    public static ServeSetting List(string name, string description, Func<CofferOptions, IReadOnlyList<string>, string?> apply) =>
        new(name, ServeSettingShape.List, description, apply);
}

internal enum ServeSettingShape
{
    /// <summary>One value.</summary>
    Value,

    /// <summary>On or off: a flag without a value, true/false elsewhere.</summary>
    Switch,

    /// <summary>Repeatable: the flag given several times, a JSON array, or space-separated in the environment.</summary>
    List,
}
