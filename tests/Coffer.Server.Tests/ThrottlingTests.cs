using System.Net;
using System.Text.Json;

namespace Coffer.Server.Tests;

/// <summary>Throttling on, with small limits in a window long enough that a slow machine still bursts within it: Azure's 429.</summary>
public sealed class ThrottlingTests : IAsyncLifetime
{
    private const int Limit = 5;

    private readonly CofferFixture _fixture = new(Directory.CreateTempSubdirectory("coffer-throttle-").FullName, configureOptions: options =>
    {
        options.Throttle = true;
        options.ThrottleWindow = TimeSpan.FromSeconds(60);
        options.ThrottleTransactions = Limit;
        options.ThrottleSecretSets = Limit;
        options.ThrottleRsaKeyCreates = 2;
        options.ThrottleOtherKeyCreates = 1;
    });

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task Burst_OverTheLimit_Gets429ThrottledWithRetryAfter()
    {
        var statuses = new List<HttpResponseMessage>();
        for (var i = 0; i < Limit + 3; i++)
        {
            statuses.Add(await _fixture.SendAsync("GET", "/secrets?api-version=7.4", null));
        }

        var throttled = statuses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        using var body = JsonDocument.Parse(await throttled.Content.ReadAsStringAsync());
        var error = body.RootElement.GetProperty("error");
        Assert.True(statuses.Count(r => r.IsSuccessStatusCode) <= Limit);
        Assert.Equal("Throttled", error.GetProperty("code").GetString());
        Assert.Equal("VaultRequestTypeLimitReached", error.GetProperty("innererror").GetProperty("code").GetString());
        Assert.InRange(int.Parse(throttled.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        statuses.ForEach(r => r.Dispose());
    }

    [Fact]
    public async Task KeyCreates_RsaAndOther_CountAgainstTheirOwnLimits()
    {
        var rsa = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await _fixture.SendAsync("POST", $"/keys/rsa-{i}/create?api-version=7.4", """{"kty":"RSA"}""");
            rsa.Add(response.StatusCode);
        }

        using var ec = await _fixture.SendAsync("POST", "/keys/ec-0/create?api-version=7.4", """{"kty":"EC","crv":"P-256"}""");
        using var ec2 = await _fixture.SendAsync("POST", "/keys/ec-1/create?api-version=7.4", """{"kty":"EC","crv":"P-256"}""");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], rsa);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.TooManyRequests), (ec.StatusCode, ec2.StatusCode));
    }
}
