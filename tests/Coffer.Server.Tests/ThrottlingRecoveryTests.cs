using Azure.Security.KeyVault.Secrets;
using Coffer.Core.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace Coffer.Server.Tests;

/// <summary>Throttling on with a short window: a SecretClient with its default retry policy waits out Retry-After by itself.</summary>
public sealed class ThrottlingRecoveryTests : IAsyncLifetime
{
    private const int Limit = 3;
    private const int Calls = 10;

    private readonly CofferFixture _fixture = new(Directory.CreateTempSubdirectory("coffer-throttle-retry-").FullName, configureOptions: options =>
    {
        options.Throttle = true;
        options.ThrottleWindow = TimeSpan.FromSeconds(3);
        options.ThrottleSecretSets = Limit;
        options.ThrottleTransactions = Limit;
    });

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task SecretClient_DefaultRetries_CompletesEveryCallOverTheLimit()
    {
        var client = new SecretClient(_fixture.VaultUri(), _fixture.Credential(), new SecretClientOptions { Transport = _fixture.Transport() });
        var name = $"t-{Guid.NewGuid():N}"[..20];

        for (var i = 0; i < Calls; i++)
        {
            await client.SetSecretAsync(name, $"v{i}");
        }

        Assert.Equal($"v{Calls - 1}", (await client.GetSecretAsync(name)).Value.Value);
        var store = _fixture.Server.App.Services.GetRequiredService<IAuditStore>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var log = await store.ReadAsync(1, 10_000, default);
        while (!log.Any(r => r.Entry is { Operation: "SecretGet", Status: 200 }) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20); // entries of reads are written in the background
            log = await store.ReadAsync(1, 10_000, default);
        }

        Assert.Contains(log, r => r.Entry is { Operation: "SecretSet", Status: 429 }); // the SDK was throttled, and got through
        Assert.Equal(Calls, log.Count(r => r.Entry is { Operation: "SecretSet", Status: 200 }));
    }
}
