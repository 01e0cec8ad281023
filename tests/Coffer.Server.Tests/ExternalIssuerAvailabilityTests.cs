using System.Collections.Concurrent;
using Azure;
using Azure.Security.KeyVault.Secrets;
using Coffer.Client.Management;
using Coffer.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Coffer.Server.Tests;

/// <summary>
/// A configured issuer that accepts connections and never answers, listed before a healthy one: only tokens
/// naming it may wait on it, and those only once per back-off. The deadline is no performance assertion: it is
/// generous for a request that waits on nothing, and below the 10 s that waiting on the silent issuer used to cost.
/// </summary>
public sealed class ExternalIssuerAvailabilityTests : IAsyncLifetime
{
    private const string Audience = "api://coffer-tests";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(8);

    private SilentIssuer _silent = null!;
    private TestOidcIssuer _healthy = null!;
    private TestOidcIssuer _stranger = null!;
    private CofferFixture _fixture = null!;

    public async Task InitializeAsync()
    {
        _silent = SilentIssuer.Start();
        _healthy = await TestOidcIssuer.StartAsync();
        _stranger = await TestOidcIssuer.StartAsync();
        _fixture = new CofferFixture(Directory.CreateTempSubdirectory("coffer-oidc-").FullName,
            services => services.AddSingleton<ILoggerProvider, CapturedLog>(),
            options =>
            {
                options.ExternalIssuers.Add(new Auth.ExternalIssuerOptions(_silent.MetadataAddress, Audience));
                options.ExternalIssuers.Add(new Auth.ExternalIssuerOptions(_healthy.MetadataAddress, Audience));
            });
        await _fixture.InitializeAsync();
        await _fixture.SecretClient().SetSecretAsync("warm-up", "v"); // the deadlines are not to count the first request's JIT
    }

    public async Task DisposeAsync()
    {
        await _fixture.DisposeAsync();
        await _silent.DisposeAsync();
        await _healthy.DisposeAsync();
        await _stranger.DisposeAsync();
    }

    [Fact]
    public async Task SecretClient_HealthyIssuerAndBuiltInBesideSilentOne_AnswerConcurrentlyWithoutContactingIt()
    {
        var principals = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid().ToString()).ToArray();
        await _fixture.ManagementClient().UpdateAccessPoliciesAsync(_fixture.Deployment.DefaultVaultName, "add",
            [.. principals.Select(p => new AccessPolicyInfo(null, p, new AccessPolicyPermissionsInfo(null, ["get", "set"], null), _healthy.Issuer))], default);

        var healthy = principals.Select((p, i) => Client(_healthy.Token(Audience, new Dictionary<string, object> { ["oid"] = p })).SetSecretAsync($"healthy-{i}", "v"));
        var builtIn = _fixture.SecretClient().SetSecretAsync("built-in", "v");

        await Task.WhenAll([.. healthy, builtIn]).WaitAsync(Deadline);

        Assert.Equal(0, _silent.Connections);
    }

    [Fact]
    public async Task SecretClient_UnconfiguredIssuerBesideSilentOne_Gets401WithoutContactingIt()
    {
        var client = Client(_stranger.Token(Audience, new Dictionary<string, object> { ["oid"] = Guid.NewGuid().ToString() }));

        var refused = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetSecretAsync("anything").WaitAsync(Deadline));

        Assert.Equal(401, refused.Status);
        Assert.Contains("AKV10032", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, _silent.Connections);
    }

    [Fact]
    public async Task SecretClient_SilentIssuerTokens_Get401AfterOneFetchTimeoutThenAtOnceWithOneLogLine()
    {
        string SilentToken() => _stranger.Token(Audience, new Dictionary<string, object> { ["oid"] = Guid.NewGuid().ToString() }, issuer: _silent.Issuer);

        var first = await Assert.ThrowsAsync<RequestFailedException>(() => Client(SilentToken()).GetSecretAsync("anything").WaitAsync(Deadline));
        var later = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Assert.ThrowsAsync<RequestFailedException>(() => Client(SilentToken()).GetSecretAsync("anything"))));

        Assert.All([first, .. later], refused => Assert.Equal(401, refused.Status));
        Assert.Equal(1, _silent.Connections);
        var warning = Assert.Single(Log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains(_silent.Issuer, StringComparison.Ordinal));
        Assert.Null(warning.Exception);
        Assert.DoesNotContain('\n', warning.Message);
    }

    private CapturedLog Log => _fixture.Server.App.Services.GetServices<ILoggerProvider>().OfType<CapturedLog>().Single();

    private SecretClient Client(string token) =>
        new(_fixture.VaultUri(), new FixedTokenCredential(token), new SecretClientOptions { Transport = _fixture.Transport(), Retry = { MaxRetries = 0 } });

    /// <summary>Every log entry the server writes.</summary>
    private sealed class CapturedLog : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturedLog log) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                log.Entries.Enqueue((logLevel, formatter(state, exception), exception));
        }
    }
}
