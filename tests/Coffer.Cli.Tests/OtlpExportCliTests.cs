using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Coffer.Cli.Tests;

/// <summary>
/// <c>coffer serve --otlp-endpoint</c> as a process, exporting to a collector stand-in on loopback: traces and metrics
/// arrive as OTLP/HTTP protobuf on the signal paths, naming the service and the SDK's request, with no value it set.
/// </summary>
public sealed class OtlpExportCliTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(1);
    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-otlp-").FullName;
    private readonly HttpListener _collector = new();
    private readonly ConcurrentQueue<(string Path, string? ContentType, byte[] Body)> _exports = new();
    private ServeProcess _server = null!;

    public async Task InitializeAsync()
    {
        var port = ServeProcess.FreePort();
        _collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        _collector.Start();
        _ = Task.Run(CollectAsync);
        // The SDK's export intervals (60 s for metrics, 5 s for traces) shortened through its own environment variables.
        _server = await ServeProcess.StartAsync(_directory, ServeProcess.FreePort(), ["--otlp-endpoint", $"http://127.0.0.1:{port}"],
            new Dictionary<string, string> { ["OTEL_METRIC_EXPORT_INTERVAL"] = "500", ["OTEL_BSP_SCHEDULE_DELAY"] = "500" });
    }

    public Task DisposeAsync()
    {
        _server.Dispose();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    public void Dispose() => ((IDisposable)_collector).Dispose();

    [Fact]
    public async Task OtlpEndpoint_SdkRequests_TracesAndMetricsExported_WithoutTheValue()
    {
        var client = _server.SecretClient(_server.DefaultVaultUri);
        var name = "traced-" + Guid.NewGuid().ToString("N")[..8];
        var value = "value-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

        await client.SetSecretAsync(name, value);
        await client.BackupSecretAsync(name);

        var trace = await EventuallyAsync(() => _exports.FirstOrDefault(e => e.Path == "/v1/traces" && Contains(e.Body, "/secrets/{name}")));
        var metrics = await EventuallyAsync(() => _exports.FirstOrDefault(e => e.Path == "/v1/metrics" && Contains(e.Body, "coffer.backup.blobs")));

        Assert.Equal("application/x-protobuf", trace.ContentType);
        Assert.Equal("application/x-protobuf", metrics.ContentType);
        Assert.True(Contains(trace.Body, "coffer"), "the service name is in the trace's resource");
        Assert.All(_exports, e => Assert.False(Contains(e.Body, value), $"the secret's value was exported to {e.Path}"));
    }

    private async Task CollectAsync()
    {
        while (_collector.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _collector.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            _exports.Enqueue((context.Request.Url!.AbsolutePath, context.Request.ContentType, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    private static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    private static async Task<T> EventuallyAsync<T>(Func<T> probe)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var found = probe();
            if (!EqualityComparer<T>.Default.Equals(found, default))
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, "not exported within the deadline");
            await Task.Delay(100);
        }
    }
}
