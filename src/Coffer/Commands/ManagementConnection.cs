using System.CommandLine;
using Azure;
using Azure.Core.Pipeline;
using Azure.Identity;
using Coffer.Client;
using Coffer.Client.Management;
using Coffer.Server.Hosting;

namespace Coffer.Cli.Commands;

/// <summary>
/// What every management command shares: <c>--server</c>, <c>--data-dir</c> (where the server's CA is found) and
/// <c>--dns-suffix</c>; admin credentials (<see cref="CliCredential"/>, so the AZURE_* variables first); and <see cref="ExitCodes"/>.
/// </summary>
internal sealed class ManagementConnection
{
    private readonly Option<string> _server = new("--server") { Description = "Coffer server URL.", DefaultValueFactory = _ => "https://localhost:8443" };
    private readonly Option<string> _dataDir = CommonOptions.DataDirectory();
    private readonly Option<string> _dnsSuffix = CommonOptions.DnsSuffix();

    public ManagementConnection()
    {
        _server.Validators.Add(result =>
        {
            if (!Uri.TryCreate(result.GetValueOrDefault<string>(), UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            {
                result.AddError("--server must be an absolute https URL, such as https://localhost:8443.");
            }
        });
    }

    /// <summary>Adds the connection options to <paramref name="command"/> and all its subcommands.</summary>
    public Command AddTo(Command command)
    {
        foreach (var option in new Option[] { _server, _dataDir, _dnsSuffix })
        {
            option.Recursive = true;
            command.Options.Add(option);
        }

        return command;
    }

    public string Server(ParseResult result) => result.GetValue(_server)!.TrimEnd('/');

    public async Task<int> RunAsync(ParseResult result, Func<CofferManagementClient, Task> work)
    {
        var caPath = new CofferOptions { DataDirectory = Path.GetFullPath(result.GetValue(_dataDir)!) }.CaCertificatePath;
        var ca = File.Exists(caPath) ? System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(caPath) : null;
        var transport = new HttpClientTransport(CofferTransport.CreateHandler(ca));
        var credential = CliCredential.Create(transport);
        var client = new CofferManagementClient(new Uri(result.GetValue(_server)!), credential, "https://" + result.GetValue(_dnsSuffix),
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
