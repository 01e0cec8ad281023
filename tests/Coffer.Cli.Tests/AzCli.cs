using System.Diagnostics;
using System.Text.Json;

namespace Coffer.Cli.Tests;

/// <summary>
/// Debian's <c>az</c> (azure-cli 2.45) pointed at one Coffer as a user points it (README, "az"): its own
/// <c>AZURE_CONFIG_DIR</c>, <c>REQUESTS_CA_BUNDLE</c> at Coffer's CA, a cloud registered with Coffer's endpoints, and
/// MSAL's instance-discovery answers recorded by <c>scripts/az-instance-discovery.py</c> (no call leaves the machine).
/// Every run is bounded in time.
/// </summary>
internal sealed class AzCli : IDisposable
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(180);
    private readonly CliServerFixture _server;

    public AzCli(CliServerFixture server)
    {
        _server = server;
        ConfigDirectory = Directory.CreateTempSubdirectory("coffer-az-").FullName;
    }

    public string ConfigDirectory { get; }

    /// <summary>Registers and selects the cloud "Coffer" and records the discovery answers for the deployment's tenant.</summary>
    public async Task SetUpAsync()
    {
        var options = _server.Server.Options;
        var cloud = Path.Combine(ConfigDirectory, "coffer-cloud.json");
        await File.WriteAllTextAsync(cloud, JsonSerializer.Serialize(new
        {
            endpoints = new
            {
                activeDirectory = options.Authority,
                resourceManager = options.Authority + "/",
                activeDirectoryResourceId = options.ManagementResource + "/",
                microsoftGraphResourceId = options.GraphResource + "/",
                activeDirectoryGraphResourceId = options.GraphResource + "/",
            },
            suffixes = new { keyvaultDns = "." + options.DnsSuffix },
        }));
        await SucceedAsync("cloud", "register", "--name", "Coffer", "--cloud-config", "@" + cloud);
        await SucceedAsync("cloud", "set", "--name", "Coffer");
        var seeded = await RunProcessAsync("/usr/bin/python3", [ScriptPath(), "--config-dir", ConfigDirectory, "--authority", options.Authority,
            "--tenant", _server.Server.Deployment.TenantId]);
        Assert.True(seeded.ExitCode == 0, $"az-instance-discovery.py failed: {seeded.Error}");
    }

    public Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => RunProcessAsync("az", [.. args, "--only-show-errors"]);

    /// <summary>Runs az and fails the test with its error output unless it exits 0; the output parsed as JSON.</summary>
    public async Task<JsonElement> SucceedAsync(params string[] args)
    {
        var (exitCode, output, error) = await RunAsync([.. args, "--output", "json"]);
        Assert.True(exitCode == 0, $"az {string.Join(' ', args)} exited {exitCode}: {error}");
        return output.Trim().Length == 0 ? default : JsonDocument.Parse(output).RootElement.Clone();
    }

    public void Dispose() => Directory.Delete(ConfigDirectory, recursive: true);

    private async Task<(int ExitCode, string Output, string Error)> RunProcessAsync(string program, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["AZURE_CONFIG_DIR"] = ConfigDirectory;
        start.Environment["REQUESTS_CA_BUNDLE"] = _server.Server.Options.CaCertificatePath;
        start.Environment["AZURE_CORE_COLLECT_TELEMETRY"] = "false";
        start.Environment["AZURE_CORE_NO_COLOR"] = "true";
        return await CofferDll.RunAsync(start, RunTimeout);
    }

    /// <summary>scripts/az-instance-discovery.py of this checkout (the test runs from tests/Coffer.Cli.Tests/bin/…).</summary>
    private static string ScriptPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var script = Path.Combine(directory.FullName, "scripts", "az-instance-discovery.py");
            if (File.Exists(script))
            {
                return script;
            }
        }

        throw new FileNotFoundException("scripts/az-instance-discovery.py was not found above " + AppContext.BaseDirectory);
    }
}
