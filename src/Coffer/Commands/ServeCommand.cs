using System.CommandLine;
using Coffer.Server.Hosting;
using Microsoft.Extensions.Hosting;

namespace Coffer.Cli.Commands;

/// <summary><c>coffer serve</c>: runs the HTTPS server and prints what a client needs to reach it.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var dataDir = CommonOptions.DataDirectory();
        var port = CommonOptions.Port();
        var dnsSuffix = CommonOptions.DnsSuffix();
        var bind = new Option<string>("--bind") { Description = "IP address to listen on.", DefaultValueFactory = _ => new CofferOptions().BindAddress };
        var authorityHost = new Option<string?>("--authority-host") { Description = "Authority host clients get tokens from (default https://localhost:{port})." };
        var defaultVault = new Option<string>("--default-vault") { Description = "Name of the vault created on first start.", DefaultValueFactory = _ => new CofferOptions().DefaultVaultName };
        var location = new Option<string>("--location") { Description = "Azure location of the default vault.", DefaultValueFactory = _ => new CofferOptions().DefaultLocation };

        var command = new Command("serve", "Run the Key Vault-compatible HTTPS server.")
        {
            dataDir, port, bind, dnsSuffix, authorityHost, defaultVault, location,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var options = new CofferOptions
            {
                DataDirectory = Path.GetFullPath(result.GetValue(dataDir)!),
                Port = result.GetValue(port),
                BindAddress = result.GetValue(bind)!,
                DnsSuffix = result.GetValue(dnsSuffix)!,
                AuthorityHost = result.GetValue(authorityHost),
                DefaultVaultName = result.GetValue(defaultVault)!,
                DefaultLocation = result.GetValue(location)!,
                RootKey = Environment.GetEnvironmentVariable("COFFER_ROOT_KEY"),
            };
            try
            {
                await using var server = await CofferServer.CreateAsync(options, cancellationToken: cancellationToken);
                await server.App.StartAsync(cancellationToken);
                Console.Out.Write(StartBanner.Render(server));
                await server.App.WaitForShutdownAsync(cancellationToken);
                return 0;
            }
            catch (InvalidOperationException e) when (e.Message.StartsWith("Invalid options", StringComparison.Ordinal))
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }
        });
        return command;
    }
}
