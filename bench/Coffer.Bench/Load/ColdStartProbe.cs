using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Coffer.Bench.Load;

/// <summary>
/// Starts the built <c>coffer serve</c> as a child on a fresh data directory, then again on the same one,
/// and times each start to its first HTTPS response (a 401 challenge for GET /secrets without a token).
/// </summary>
internal static class ColdStartProbe
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(2);

    /// <summary>This repo's coffer.dll in the configuration the bench itself was built in (ProjectReference builds it).</summary>
    public static string DefaultCofferDll()
    {
        var binDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = binDirectory.Parent?.Name ?? "Release";
        var root = binDirectory;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Coffer.slnx")))
        {
            root = root.Parent;
        }

        return root is null
            ? throw new FileNotFoundException("Cannot find the repo root (Coffer.slnx) above " + AppContext.BaseDirectory + "; pass --coffer.")
            : Path.Combine(root.FullName, "src", "Coffer", "bin", configuration, binDirectory.Name, "coffer.dll");
    }

    public static async Task<ColdStartSeries> RunAsync(string cofferDll, int runs, CancellationToken cancellationToken)
    {
        var firsts = new List<ColdStart>();
        var restarts = new List<ColdStart>();
        for (var run = 0; run < runs; run++)
        {
            var dataDirectory = Directory.CreateTempSubdirectory("coffer-bench-cold-");
            try
            {
                var port = Loopback.FreePort();
                firsts.Add(await MeasureAsync(cofferDll, dataDirectory.FullName, port, cancellationToken));
                restarts.Add(await MeasureAsync(cofferDll, dataDirectory.FullName, port, cancellationToken));
            }
            finally
            {
                TempDirectories.Delete(dataDirectory);
            }
        }

        return new ColdStartSeries(firsts, restarts);
    }

    private static async Task<ColdStart> MeasureAsync(string cofferDll, string dataDirectory, int port, CancellationToken cancellationToken)
    {
        var errors = new ConcurrentQueue<string>();
        var clock = Stopwatch.StartNew();
        using var process = CofferServeProcess.Start(cofferDll, dataDirectory, port, errors);
        try
        {
            var status = await FirstResponseAsync(process, dataDirectory, port, clock, errors, cancellationToken);
            var elapsed = clock.Elapsed;
            return new ColdStart(elapsed.TotalMilliseconds, status, ProcessMemory.ReadRssMb(process.Id));
        }
        finally
        {
            await StopAsync(process);
        }
    }

    private static async Task<int> FirstResponseAsync(
        Process process, string dataDirectory, int port, Stopwatch clock, ConcurrentQueue<string> errors, CancellationToken cancellationToken)
    {
        var caPath = Path.Combine(dataDirectory, "tls", "ca.pem");
        var uri = new Uri($"https://localhost:{port}/secrets?api-version=7.4");
        HttpClient? client = null;
        try
        {
            while (clock.Elapsed < StartDeadline)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException(
                        $"coffer serve exited with code {process.ExitCode} before answering:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
                }

                // The CA is written before Kestrel listens, so no CA file means no listener yet.
                client ??= TryCreateClient(caPath);
                if (client is not null)
                {
                    try
                    {
                        using var response = await client.GetAsync(uri, cancellationToken);
                        return (int)response.StatusCode;
                    }
                    catch (HttpRequestException)
                    {
                        // Not listening yet.
                    }
                }

                await Task.Delay(PollInterval, cancellationToken);
            }

            throw new TimeoutException($"coffer serve did not answer within {StartDeadline.TotalSeconds} s.");
        }
        finally
        {
            client?.Dispose();
        }
    }

    private static HttpClient? TryCreateClient(string caPath)
    {
        if (!File.Exists(caPath))
        {
            return null;
        }

        try
        {
            var ca = X509Certificate2.CreateFromPem(File.ReadAllText(caPath));
            return new HttpClient(Loopback.CreateHandler(ca)) { Timeout = TimeSpan.FromSeconds(10) };
        }
        catch (Exception e) when (e is CryptographicException or IOException)
        {
            return null; // Caught while being written.
        }
    }

    private static async Task StopAsync(Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        if (PosixSignals.TryTerminate(process.Id))
        {
            using var deadline = new CancellationTokenSource(StopDeadline);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
                return;
            }
            catch (OperationCanceledException)
            {
                // Did not stop in time; killed below.
            }
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(CancellationToken.None);
    }
}
