using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Coffer.Client;

namespace Coffer.Cli.Tests;

/// <summary>
/// <c>dotnet coffer.dll serve</c> as an operator runs it, in a process of its own (the test kills it for real),
/// started once its banner is printed; its credentials are read from that banner.
/// </summary>
internal sealed class ServeProcess : IDisposable
{
    private readonly Process _process;

    private ServeProcess(Process process, string dataDirectory, int port, IReadOnlyDictionary<string, string> banner)
    {
        _process = process;
        DataDirectory = dataDirectory;
        Port = port;
        Banner = banner;
    }

    public string DataDirectory { get; }

    public int Port { get; }

    /// <summary>The <c>export NAME=value</c> lines of the start banner.</summary>
    public IReadOnlyDictionary<string, string> Banner { get; }

    public Uri DefaultVaultUri => new(Banner["AZURE_KEYVAULT_URL"]);

    /// <summary>Starts the server and waits (bounded: 60 s) until it listens.</summary>
    /// <param name="arguments">More options of <c>coffer serve</c>, such as <c>--database</c>.</param>
    public static async Task<ServeProcess> StartAsync(string dataDirectory, params string[] arguments)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "coffer.dll"), "serve", "--data-dir", dataDirectory, "--port", port.ToString(CultureInfo.InvariantCulture) }
            .Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        var banner = new Dictionary<string, string>(StringComparer.Ordinal);
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.Trim() is { } text && text.StartsWith("export ", StringComparison.Ordinal) && text.IndexOf('=', StringComparison.Ordinal) is > 0 and var equals)
            {
                lock (banner)
                {
                    banner[text["export ".Length..equals]] = text[(equals + 1)..];
                }

                if (text.StartsWith("export AZURE_AUTHORITY_HOST=", StringComparison.Ordinal))
                {
                    listening.TrySetResult(); // the banner's last credential line: it is printed after the server listens
                }
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"coffer serve exited with {process.ExitCode} before it listened."));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            Kill(process);
            process.Dispose();
            throw;
        }

        lock (banner)
        {
            return new ServeProcess(process, dataDirectory, port, new Dictionary<string, string>(banner, StringComparer.Ordinal));
        }
    }

    /// <summary>An HTTP client that trusts the server's CA, with a bearer token of its default client for the vault hosts.</summary>
    public async Task<HttpClient> AuthorizedClientAsync()
    {
        var ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(DataDirectory, "tls", "ca.pem")); // lives as long as the handlers that trust it
        var credential = new ClientSecretCredential(Banner["AZURE_TENANT_ID"], Banner["AZURE_CLIENT_ID"], Banner["AZURE_CLIENT_SECRET"],
            new ClientSecretCredentialOptions
            {
                AuthorityHost = new Uri(Banner["AZURE_AUTHORITY_HOST"]),
                DisableInstanceDiscovery = true,
                Transport = new HttpClientTransport(CofferTransport.CreateHandler(ca)),
            });
        var token = await credential.GetTokenAsync(new TokenRequestContext(["https://vault.localhost/.default"]), default);
        var client = new HttpClient(CofferTransport.CreateHandler(ca)) { BaseAddress = DefaultVaultUri, Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.Token);
        return client;
    }

    /// <summary>SIGKILL on Unix: the server process itself (<c>dotnet coffer.dll</c> runs the app in-process), no shutdown code runs.</summary>
    public void Kill() => Kill(_process);

    public void Dispose()
    {
        Kill(_process);
        _process.Dispose();
    }

    private static void Kill(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit(TimeSpan.FromSeconds(30));
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
