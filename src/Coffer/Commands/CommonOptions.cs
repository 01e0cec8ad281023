using System.CommandLine;
using Coffer.Server.Hosting;

namespace Coffer.Cli.Commands;

/// <summary>Options several commands share, with the same names and defaults everywhere.</summary>
internal static class CommonOptions
{
    public static Option<string> DataDirectory() => new("--data-dir")
    {
        Description = "Data directory (database, root key, TLS files).",
        DefaultValueFactory = _ => new CofferOptions().DataDirectory,
    };

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
