using System.CommandLine;
using Azure;
using Azure.Core.Pipeline;
using Azure.Identity;
using Coffer.Client;
using Coffer.Client.Management;
using Coffer.Server.Hosting;
using Coffer.Server.Tls;

namespace Coffer.Cli.Commands;

/// <summary><c>coffer vault create|list|delete</c> through the management API, as an admin client (AZURE_* variables).</summary>
internal static class VaultCommand
{
    public static Command Create()
    {
        var server = new Option<string>("--server") { Description = "Coffer server URL.", DefaultValueFactory = _ => "https://localhost:8443" };
        server.Validators.Add(result =>
        {
            if (!Uri.TryCreate(result.GetValueOrDefault<string>(), UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            {
                result.AddError("--server must be an absolute https URL, such as https://localhost:8443.");
            }
        });
        var dataDir = CommonOptions.DataDirectory();
        var dnsSuffix = CommonOptions.DnsSuffix();
        Option[] connection = [server, dataDir, dnsSuffix];

        var name = new Option<string>("--name") { Description = "Vault name (3-24 letters, digits, hyphens).", Required = true };
        var location = new Option<string?>("--location") { Description = "Azure location, e.g. westeurope (default: the server's)." };
        var subscription = new Option<string?>("--subscription") { Description = "Subscription id (default: the server's)." };
        var tenant = new Option<string?>("--tenant") { Description = "Tenant id (default: the server's)." };
        var retention = new Option<int?>("--retention-days") { Description = "Soft-delete retention, 7-90 days." };
        var purgeProtection = new Option<bool>("--enable-purge-protection") { Description = "Forbid purging deleted objects." };

        var create = new Command("create", "Create a vault.") { name, location, subscription, tenant, retention, purgeProtection };
        create.SetAction((result, cancellationToken) => RunAsync(result, server, dataDir, dnsSuffix, async client =>
        {
            var vault = await client.CreateVaultAsync(new VaultCreateRequest(result.GetValue(name)!, result.GetValue(location),
                result.GetValue(subscription), result.GetValue(tenant), result.GetValue(retention),
                result.GetValue(purgeProtection) ? true : null), cancellationToken);
            Console.WriteLine($"Created {vault.Name}: {vault.VaultUri} ({vault.Location}, {vault.Geography}, subscription {vault.SubscriptionId})");
        }));

        var list = new Command("list", "List vaults.");
        list.SetAction((result, cancellationToken) => RunAsync(result, server, dataDir, dnsSuffix, async client =>
        {
            foreach (var vault in await client.ListVaultsAsync(cancellationToken))
            {
                Console.WriteLine($"{vault.Name,-24} {vault.Location,-16} {vault.Geography,-14} {vault.SubscriptionId} {vault.VaultUri}");
            }
        }));

        var deleteName = new Option<string>("--name") { Description = "Vault to delete, with everything in it.", Required = true };
        var delete = new Command("delete", "Delete a vault and every object in it.") { deleteName };
        delete.SetAction((result, cancellationToken) => RunAsync(result, server, dataDir, dnsSuffix, async client =>
        {
            await client.DeleteVaultAsync(result.GetValue(deleteName)!, cancellationToken);
            Console.WriteLine($"Deleted {result.GetValue(deleteName)}.");
        }));

        var command = new Command("vault", "Manage the vaults of a Coffer server.") { create, list, delete };
        foreach (var option in connection)
        {
            command.Options.Add(option);
            option.Recursive = true;
        }

        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, Option<string> server, Option<string> dataDir, Option<string> dnsSuffix, Func<CofferManagementClient, Task> work)
    {
        var caPath = new CofferOptions { DataDirectory = Path.GetFullPath(result.GetValue(dataDir)!) }.CaCertificatePath;
        var ca = File.Exists(caPath) ? System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(caPath) : null;
        var transport = new HttpClientTransport(CofferTransport.CreateHandler(ca));
        var credential = CliCredential.Create(transport);
        var client = new CofferManagementClient(new Uri(result.GetValue(server)!), credential, "https://" + result.GetValue(dnsSuffix),
            new ManagementClientOptions { Transport = transport });
        try
        {
            await work(client);
            return ExitCodes.Ok;
        }
        catch (RequestFailedException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Status} {e.ErrorCode}: {e.Message.Split('\n')[0]}");
            return ExitCodes.ForStatus(e.Status);
        }
        catch (AuthenticationFailedException e)
        {
            await Console.Error.WriteLineAsync($"error: authentication failed (set AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, AZURE_AUTHORITY_HOST): {e.Message.Split('\n')[0]}");
            return ExitCodes.Auth;
        }
    }

    private sealed class ManagementClientOptions : Azure.Core.ClientOptions;
}
