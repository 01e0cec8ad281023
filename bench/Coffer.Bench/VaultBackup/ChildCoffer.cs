using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Coffer.Bench.Load;

namespace Coffer.Bench.VaultBackup;

/// <summary>
/// The built <c>coffer serve</c> as a child process on a seeded data directory, so the server's RSS is
/// its own and the bench process is only the client. Stopped with SIGTERM (killed after a deadline).
/// </summary>
internal sealed class ChildCoffer : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _errors;

    private ChildCoffer(Process process, ConcurrentQueue<string> errors, X509Certificate2 ca)
    {
        _process = process;
        _errors = errors;
        Ca = ca;
    }

    public int ProcessId => _process.Id;

    public X509Certificate2 Ca { get; }

    public static async Task<ChildCoffer> StartAsync(string cofferDll, string dataDirectory, int port, CancellationToken cancellationToken)
    {
        var errors = new ConcurrentQueue<string>();
        var process = CofferServeProcess.Start(cofferDll, dataDirectory, port, errors);
        var ca = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(dataDirectory, "tls", "ca.pem"), cancellationToken));
        var child = new ChildCoffer(process, errors, ca);
        try
        {
            await child.WaitUntilListeningAsync(port, cancellationToken);
            return child;
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }
    }

    public string Errors => string.Join(Environment.NewLine, _errors);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited && PosixSignals.TryTerminate(_process.Id))
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                // Killed below.
            }
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
        Ca.Dispose();
    }

    private async Task WaitUntilListeningAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(Loopback.CreateHandler(Ca)) { Timeout = TimeSpan.FromSeconds(10) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartDeadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"coffer serve exited with code {_process.ExitCode}:{Environment.NewLine}{Errors}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri($"https://localhost:{port}/secrets?api-version=7.4"), cancellationToken);
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(20, cancellationToken);
            }
        }

        throw new TimeoutException($"coffer serve did not answer within {StartDeadline.TotalSeconds} s.");
    }
}
