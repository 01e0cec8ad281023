using System.CommandLine;
using Coffer.Server.Hosting;

namespace Coffer.Cli.Commands;

/// <summary>Options several commands share, with the same names and defaults everywhere.</summary>
internal static class CommonOptions
{
    public static Option<string> DataDirectory(string name = "--data-dir") => new(name)
    {
        Description = "Data directory (root key, TLS files, and the SQLite database unless --database is given).",
        DefaultValueFactory = _ => new CofferOptions().DataDirectory,
    };

    /// <summary><c>--database</c>, or <c>COFFER_DATABASE</c> when it is not given (see <see cref="DatabaseOf"/>).</summary>
    public static Option<string?> Database() => new("--database")
    {
        Description = "Connection string of a shared PostgreSQL database (default: COFFER_DATABASE, else SQLite in the data directory).",
    };

    public static string? DatabaseOf(ParseResult result, Option<string?> database) =>
        result.GetValue(database) ?? Environment.GetEnvironmentVariable("COFFER_DATABASE");

    public static Option<string> DnsSuffix() => new("--dns-suffix")
    {
        Description = "Vault hosts are {vault}.{suffix}.",
        DefaultValueFactory = _ => CofferOptions.DefaultDnsSuffix,
    };

    public static Option<int> Port() => new("--port")
    {
        Description = "HTTPS port.",
        DefaultValueFactory = _ => new CofferOptions().Port,
    };
}
