using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Coffer.Client;

namespace Coffer.Cli.Tests;

/// <summary>
/// Installing Coffer as a .NET tool: <c>dotnet pack</c> of the built executable, <c>dotnet tool install --add-source</c>
/// into a temporary tool path (no other package source), then the installed <c>coffer</c> prints its version and serves.
/// </summary>
public sealed partial class ToolInstallCliTests : IDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(5);
    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-tool-").FullName;

    [Fact]
    public async Task PackAndInstall_InstalledCoffer_PrintsItsVersionAndServes()
    {
        var project = Path.Combine(RepositoryRoot(), "src", "Coffer", "Coffer.csproj");
        var version = VersionElement().Match(await File.ReadAllTextAsync(project)).Groups[1].Value;
        var (packages, tools) = (Path.Combine(_directory, "packages"), Path.Combine(_directory, "tools"));
        await File.WriteAllTextAsync(Path.Combine(_directory, "nuget.config"),
            "<configuration><packageSources><clear /></packageSources></configuration>");

        await RunOkAsync("dotnet", ["pack", project, "-c", "Release", "--no-build", "-o", packages, "-nologo"]);
        await RunOkAsync("dotnet", ["tool", "install", "Coffer", "--tool-path", tools, "--add-source", packages, "--version", version,
            "--configfile", Path.Combine(_directory, "nuget.config")]);
        var coffer = Path.Combine(tools, "coffer");
        var printed = await RunOkAsync(coffer, ["--version"]);

        Assert.StartsWith(version, printed.Trim(), StringComparison.Ordinal);
        await ServeAsync(coffer);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task ServeAsync(string coffer)
    {
        var port = ServeProcess.FreePort();
        var dataDirectory = Path.Combine(_directory, "data");
        using var process = Process.Start(StartInfo(coffer, ["serve", "--data-dir", dataDirectory, "--port", port.ToString(CultureInfo.InvariantCulture)]))!;
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.Contains("export AZURE_AUTHORITY_HOST=", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromMinutes(1));
            using var ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(dataDirectory, "tls", "ca.pem"));
            using var http = new HttpClient(CofferTransport.CreateHandler(ca)) { BaseAddress = new Uri($"https://localhost:{port}") };
            using var ready = await http.GetAsync("/healthz/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    private async Task<string> RunOkAsync(string program, IReadOnlyList<string> arguments)
    {
        using var process = Process.Start(StartInfo(program, arguments))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(StepTimeout).Token);
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
        return await output;
    }

    /// <summary>Run from the temporary directory, so the repository's nuget.config plays no part; the tool's shim finds this runtime's dotnet.</summary>
    private ProcessStartInfo StartInfo(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = _directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_ROOT"] = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return start;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Coffer.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The tests do not run from inside the repository.");
    }

    [GeneratedRegex("<Version>([^<]+)</Version>")]
    private static partial Regex VersionElement();
}
