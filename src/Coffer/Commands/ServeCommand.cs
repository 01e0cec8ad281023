using System.CommandLine;
using Coffer.Server.Hosting;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Hosting;

namespace Coffer.Cli.Commands;

/// <summary><c>coffer serve</c>: runs the HTTPS server and prints what a client needs to reach it.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var configuration = new ServeConfiguration();
        var command = new Command("serve", "Run the Key Vault-compatible HTTPS server. Each setting comes from its flag, else its COFFER_… "
            + "environment variable, else the --config file, else its default.");
        foreach (var option in configuration.Options)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            var (options, problems) = configuration.Resolve(result, Environment.GetEnvironmentVariable);
            if (options is null)
            {
                await Console.Error.WriteLineAsync("Invalid options:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
                return ExitCodes.BadInput;
            }

            if (ListenAddress.InUse(options) is { } taken)
            {
                await Console.Error.WriteLineAsync(taken);
                return ExitCodes.Other;
            }

            try
            {
                await using var server = await CofferServer.CreateAsync(options, services => services.AddCofferStorage(options), cancellationToken: cancellationToken);
                await server.App.StartAsync(cancellationToken);
                Console.Out.Write(StartBanner.Render(server));
                await server.App.WaitForShutdownAsync(cancellationToken);
                return 0;
            }
            catch (InvalidOperationException e) when (StorageSelection.IsInvalidOptions(e))
            {
                await Console.Error.WriteLineAsync(e.Message);
                return ExitCodes.BadInput;
            }
            catch (IOException e) when (e.InnerException is AddressInUseException)
            {
                // Taken between the check and Kestrel's bind.
                await Console.Error.WriteLineAsync(ListenAddress.InUseMessage(options));
                return ExitCodes.Other;
            }
        });
        return command;
    }
}
