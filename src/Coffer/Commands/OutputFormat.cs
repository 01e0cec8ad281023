using System.CommandLine;

namespace Coffer.Cli.Commands;

/// <summary><c>--output text|json</c> (<c>-o</c>), as az: text for people, one JSON document on stdout for scripts.</summary>
internal enum OutputFormat
{
    Text,
    Json,
}

internal static class OutputFormatOption
{
    public static Option<OutputFormat> Create() => new("--output", "-o")
    {
        Description = "Output format: text or json.",
        DefaultValueFactory = _ => OutputFormat.Text,
    };
}
