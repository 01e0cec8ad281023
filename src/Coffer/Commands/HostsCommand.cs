using System.CommandLine;
using Coffer.Server.Hosting;

namespace Coffer.Cli.Commands;

/// <summary><c>coffer hosts</c>: the /etc/hosts lines that make every vault's host name resolve to loopback.</summary>
internal static class HostsCommand
{
    public static Command Create()
    {
        var dataDir = CommonOptions.DataDirectory();
        var database = CommonOptions.Database();
        var dnsSuffix = CommonOptions.DnsSuffix();
        var address = new Option<string>("--address") { Description = "Address the names resolve to.", DefaultValueFactory = _ => "127.0.0.1" };
        var command = new Command("hosts", "Print /etc/hosts lines for the vaults of a data directory or database.") { dataDir, database, dnsSuffix, address };
        command.SetAction(async (result, cancellationToken) =>
        {
            var options = new CofferOptions { DataDirectory = Path.GetFullPath(result.GetValue(dataDir)!), Database = CommonOptions.DatabaseOf(result, database) };
            if (!StorageSelection.Exists(options))
            {
                await Console.Error.WriteLineAsync($"No Coffer database in {options.DataDirectory}; run coffer serve first.");
                return 1;
            }

            try
            {
                await using var storage = await StorageSelection.OpenAsync(options, cancellationToken);
                foreach (var vault in await storage.Vaults.ListAsync(cancellationToken))
                {
                    await Console.Out.WriteLineAsync($"{result.GetValue(address)} {vault.Name}.{result.GetValue(dnsSuffix)}");
                }

                return ExitCodes.Ok;
            }
            catch (InvalidOperationException e) when (StorageSelection.IsInvalidOptions(e))
            {
                await Console.Error.WriteLineAsync(e.Message);
                return ExitCodes.BadInput;
            }
            catch (System.Data.Common.DbException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return ExitCodes.Other;
            }
        });
        return command;
    }
}
