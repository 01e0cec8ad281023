using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Coffer.Client;
using Coffer.Client.Management;

namespace Coffer.Cli.Tests;

/// <summary>
/// <c>dotnet coffer.dll serve</c> as an operator runs it, in a process of its own (the test kills it for real),
/// started once its banner is printed; its credentials are read from that banner. Clients made here trust the CA
/// the server wrote to its data directory and retry nothing, so every failure an SDK meets is seen.
/// </summary>
internal sealed class ServeProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;
    private readonly Lazy<X509Certificate2> _ca; // lives as long as the handlers that trust it

    private ServeProcess(Process process, string dataDirectory, int port, IReadOnlyDictionary<string, string> banner, ConcurrentQueue<string> output)
    {
        _process = process;
        _output = output;
        DataDirectory = dataDirectory;
        Port = port;
        Banner = banner;
        _ca = new(() => X509CertificateLoader.LoadCertificateFromFile(Path.Combine(DataDirectory, "tls", "ca.pem")));
    }

    public string DataDirectory { get; }

    public int Port { get; }

    /// <summary>The <c>export NAME=value</c> lines of the start banner.</summary>
    public IReadOnlyDictionary<string, string> Banner { get; }

    /// <summary>Every line the process wrote to standard output so far (banner and log).</summary>
    public IReadOnlyList<string> Output => [.. _output];

    public Uri DefaultVaultUri => new(Banner["AZURE_KEYVAULT_URL"]);

    /// <summary>This node's own address (where its token endpoint and management API answer).</summary>
    public Uri Address => new($"https://localhost:{Port}");

    /// <summary>Starts the server on a free port and waits (bounded: 60 s) until it listens.</summary>
    public static Task<ServeProcess> StartAsync(string dataDirectory) => StartAsync(dataDirectory, FreePort(), [], null);

    /// <summary>Starts <c>serve --data-dir D --port P ARGS</c> with <paramref name="environment"/> added, and waits (bounded: 60 s) until it listens.</summary>
    public static async Task<ServeProcess> StartAsync(string dataDirectory, int port, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var start = CofferDll.StartInfo(["serve", "--data-dir", dataDirectory, "--port", port.ToString(CultureInfo.InvariantCulture), .. arguments], environment);
        var banner = new Dictionary<string, string>(StringComparer.Ordinal);
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new ConcurrentQueue<string>();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is { } data)
            {
                output.Enqueue(data);
            }

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
            return new ServeProcess(process, dataDirectory, port, new Dictionary<string, string>(banner, StringComparer.Ordinal), output);
        }
    }

    public Uri VaultUri(string vault) => new($"https://{vault}.vault.localhost:{Port}");

    /// <summary>
    /// A credential of the banner's default client (or of <paramref name="clientId"/>), getting its tokens from
    /// <paramref name="authorityHost"/>: by default this node's own token endpoint, as a load balancer would route it
    /// (the tokens name the deployment's authority whichever node issued them).
    /// </summary>
    public ClientSecretCredential Credential(Uri? authorityHost = null, string? clientId = null, string? clientSecret = null) =>
        new(Banner["AZURE_TENANT_ID"], clientId ?? Banner["AZURE_CLIENT_ID"], clientSecret ?? Banner["AZURE_CLIENT_SECRET"],
            new ClientSecretCredentialOptions
            {
                AuthorityHost = authorityHost ?? Address,
                DisableInstanceDiscovery = true,
                Transport = Transport(),
            });

    /// <summary>The .NET SDK's client for a vault of this node, retries off.</summary>
    public SecretClient SecretClient(string vault, TokenCredential? credential = null) => SecretClient(VaultUri(vault), credential);

    /// <summary>The .NET SDK's client for <paramref name="vaultUri"/> of this node, retries off.</summary>
    public SecretClient SecretClient(Uri vaultUri, TokenCredential? credential = null)
    {
        var options = new SecretClientOptions { Transport = Transport() };
        options.Retry.MaxRetries = 0;
        return new SecretClient(vaultUri, credential ?? Credential(), options);
    }

    public Azure.Security.KeyVault.Certificates.CertificateClient CertificateClient(string vault)
    {
        var options = new Azure.Security.KeyVault.Certificates.CertificateClientOptions { Transport = Transport() };
        options.Retry.MaxRetries = 0;
        return new(VaultUri(vault), Credential(), options);
    }

    /// <summary>Keys have no .NET SDK package here; Coffer.Client is the keys client.</summary>
    public Coffer.Client.KeyVault.KeyVaultClient KeyVaultClient(string vault) =>
        new(VaultUri(vault), Credential(), new Coffer.Client.KeyVault.KeyVaultClientOptions { Transport = Transport() });

    /// <summary>Runs <c>coffer ARGS --data-dir D</c> as an operator of this node would, with the banner's credentials (bounded: 120 s).</summary>
    public Task<(int ExitCode, string Output, string Error)> RunCliAsync(params string[] args) =>
        CofferDll.RunAsync(CofferDll.StartInfo([.. args, "--data-dir", DataDirectory], new Dictionary<string, string>
        {
            ["AZURE_TENANT_ID"] = Banner["AZURE_TENANT_ID"],
            ["AZURE_CLIENT_ID"] = Banner["AZURE_CLIENT_ID"],
            ["AZURE_CLIENT_SECRET"] = Banner["AZURE_CLIENT_SECRET"],
            ["AZURE_AUTHORITY_HOST"] = Banner["AZURE_AUTHORITY_HOST"],
            ["COFFER_VAULT_SUFFIX"] = $"vault.localhost:{Port}",
        }), TimeSpan.FromSeconds(120));

    /// <summary>This node's management API (vaults, clients, access policies), as the default client.</summary>
    public CofferManagementClient Management() =>
        new(Address, Credential(), "https://vault.localhost", new SecretClientOptions { Transport = Transport() });

    /// <summary>An HTTP client that trusts the server's CA, with a bearer token of its default client for the vault hosts.</summary>
    public async Task<HttpClient> AuthorizedClientAsync()
    {
        var token = await Credential().GetTokenAsync(new TokenRequestContext(["https://vault.localhost/.default"]), default);
        var client = new HttpClient(CofferTransport.CreateHandler(_ca.Value)) { BaseAddress = DefaultVaultUri, Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.Token);
        return client;
    }

    /// <summary>An HTTP client of this node's own address that trusts the server's CA and sends no token.</summary>
    public HttpClient AnonymousClient() => new(CofferTransport.CreateHandler(_ca.Value)) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Sends <paramref name="signal"/> (e.g. HUP, TERM) to the server process.</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit(TimeSpan.FromSeconds(30));
    }

    /// <summary>Waits (bounded) for the process to end; its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync(new CancellationTokenSource(timeout).Token);
        return _process.ExitCode;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL on Unix: the server process itself (<c>dotnet coffer.dll</c> runs the app in-process), no shutdown code runs.</summary>
    public void Kill() => Kill(_process);

    public void Dispose()
    {
        Kill(_process);
        _process.Dispose();
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private HttpClientTransport Transport() => new(CofferTransport.CreateHandler(_ca.Value));

    private static void Kill(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit(TimeSpan.FromSeconds(30));
        }
    }
}
