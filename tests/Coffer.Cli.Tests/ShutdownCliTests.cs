using Azure;
using Azure.Security.KeyVault.Secrets;

namespace Coffer.Cli.Tests;

/// <summary>
/// SIGTERM while SDK clients write: the server stops accepting, lets the requests under way finish, flushes the audit log
/// and exits 0. Every request got an answer or was refused before it was taken (no 500, nothing half done), every
/// acknowledged write is there after a restart, and the audit chain verifies.
/// </summary>
public sealed class ShutdownCliTests : IDisposable
{
    private const int Clients = 8;
    private const int MaxWritesPerClient = 200;
    private static readonly TimeSpan LoadBound = TimeSpan.FromMinutes(2);
    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-shutdown-").FullName;

    [Fact]
    public async Task Sigterm_DuringLoad_AnswersOrRefusesEveryRequest_ExitsZero_AuditVerifies()
    {
        var dataDirectory = Path.Combine(_directory, "data");
        var acknowledged = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        var refused = 0;
        int exitCode;
        using (var server = await ServeProcess.StartAsync(dataDirectory, ServeProcess.FreePort(), ["--shutdown-timeout", "20"], null))
        {
            var client = server.SecretClient(server.DefaultVaultUri);
            using var stopLoad = new CancellationTokenSource(LoadBound);
            var writes = 0;
            var load = Enumerable.Range(0, Clients).Select(worker => Task.Run(async () =>
            {
                for (var i = 0; i < MaxWritesPerClient && !stopLoad.IsCancellationRequested; i++)
                {
                    var (name, value) = ($"drain-{worker}-{i}", Guid.NewGuid().ToString("N"));
                    try
                    {
                        await client.SetSecretAsync(name, value);
                        acknowledged[name] = value;
                        Interlocked.Increment(ref writes);
                    }
                    catch (RequestFailedException e) when (e.Status is 0 or 503)
                    {
                        Interlocked.Increment(ref refused); // refused before it was taken: no connection, or "shutting down"
                        return;
                    }
                }
            })).ToList();

            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
            while (Volatile.Read(ref writes) < 2 * Clients && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            server.Signal("TERM");
            exitCode = await server.WaitForExitAsync(TimeSpan.FromMinutes(1));
            await stopLoad.CancelAsync();
            await Task.WhenAll(load); // any other failure (a 500, a cut response with a status) fails the test here
        }

        Assert.Equal(0, exitCode);
        Assert.True(refused > 0, "the load ran past the shutdown, so some requests were refused");
        Assert.NotEmpty(acknowledged);

        using (var restarted = await ServeProcess.StartAsync(dataDirectory))
        {
            var client = restarted.SecretClient(restarted.DefaultVaultUri);
            foreach (var (name, value) in acknowledged)
            {
                Assert.Equal(value, (await client.GetSecretAsync(name)).Value.Value);
            }
        }

        var verify = await CofferDll.RunAsync(CofferDll.StartInfo(["audit", "verify", "--data-dir", dataDirectory]), TimeSpan.FromMinutes(2));
        Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
