using System.Net;
using Coffer.Client;
using Coffer.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Coffer.Server.Tests;

/// <summary>The health endpoints over real Kestrel and TLS: ready only once start-up has completed, live as soon as it answers.</summary>
public sealed class HealthTests : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-health-").FullName;

    [Fact]
    public async Task Ready_UntilStartupCompletes_Returns503_ThenReady()
    {
        var gate = new StartGate();
        var port = FreePort();
        await using var server = await CofferServer.CreateAsync(new CofferOptions { DataDirectory = _directory, Port = port },
            services => services.AddCofferSqlite(Path.Combine(_directory, "coffer.db")),
            builder => builder.Services.AddHostedService(_ => gate));
        using var http = new HttpClient(CofferTransport.CreateHandler(server.Authority.Certificate)) { BaseAddress = new Uri($"https://localhost:{port}") };
        var starting = server.App.StartAsync();
        await gate.Reached.Task.WaitAsync(TimeSpan.FromMinutes(1)); // Kestrel listens; the host has not said it started

        using (var live = await http.GetAsync("/healthz/live"))
        using (var early = await http.GetAsync("/healthz/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, early.StatusCode);
            Assert.Equal("Unhealthy", await early.Content.ReadAsStringAsync());
        }

        gate.Release.SetResult();
        await starting;
        using var ready = await http.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
        await server.App.StopAsync();
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Holds the host between "every service started" (Kestrel listening) and "application started".</summary>
    private sealed class StartGate : IHostedLifecycleService
    {
        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task StartedAsync(CancellationToken cancellationToken)
        {
            Reached.SetResult();
            await Release.Task.WaitAsync(cancellationToken);
        }

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
