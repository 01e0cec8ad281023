using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;
using Azure.Security.KeyVault.Certificates;
using Azure.Security.KeyVault.Secrets;
using Coffer.Client.Management;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Coffer.Server.Tests.Events;

/// <summary>
/// Key Vault events to a local HTTPS receiver on a server whose clock is a fake: time moves in 2 s steps (the delivery
/// job's interval) until what a test waits for has arrived, bounded, and the receiver's posts are parsed by the Event
/// Grid SDK.
/// </summary>
public sealed class EventDeliveryTests : IAsyncLifetime
{
    private const string Secret = "shared-signing-secret";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly CofferFixture _fixture;

    private EventReceiver Receiver { get; } = new();

    public EventDeliveryTests() =>
        _fixture = new CofferFixture(Directory.CreateTempSubdirectory("coffer-test-").FullName,
            services => services.AddHttpClient("coffer-events").ConfigurePrimaryHttpMessageHandler(Receiver.TrustingHandler),
            o =>
            {
                o.JobInterval = TimeSpan.FromMinutes(1);
                o.EventAttemptTimeout = TimeSpan.FromDays(7); // time moves fast here: only the receiver's answers fail attempts
            },
            _time);

    public async Task InitializeAsync()
    {
        await Receiver.StartAsync();
        await _fixture.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _fixture.DisposeAsync();
        await Receiver.DisposeAsync();
    }

    [Fact]
    public async Task SetSecret_DeliversSecretNewVersionCreated_WithAzureFields_Signed()
    {
        var vault = await VaultArchiveCalls.NewVaultAsync(_fixture);
        await SubscribeAsync(vault, new EventSubscriptionRequest(Receiver.Endpoint.AbsoluteUri, Secret: Secret));
        var expires = DateTimeOffset.FromUnixTimeSeconds(_time.GetUtcNow().AddDays(90).ToUnixTimeSeconds());
        var secret = (await _fixture.SecretClient(vault).SetSecretAsync(new KeyVaultSecret("db-password", "v1") { Properties = { ExpiresOn = expires } })).Value;

        var post = (await ReceiveAsync(1))[0];

        Assert.StartsWith("application/json", post.ContentType);
        Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), post.Body)), post.Signature);
        var received = Assert.Single(EventGridEvent.ParseMany(BinaryData.FromBytes(post.Body)));
        Assert.Equal("Microsoft.KeyVault.SecretNewVersionCreated", received.EventType);
        Assert.Equal("db-password", received.Subject);
        Assert.Matches($"^/subscriptions/[0-9a-f-]+/resourceGroups/coffer/providers/Microsoft.KeyVault/vaults/{vault}$", received.Topic);
        Assert.True(received.TryGetSystemEventData(out var data));
        var created = Assert.IsType<KeyVaultSecretNewVersionCreatedEventData>(data);
        Assert.Equal((vault, "Secret", "db-password", secret.Properties.Version), (created.VaultName, created.ObjectType, created.ObjectName, created.Version));
        Assert.Equal($"https://{vault}.{CofferFixture.Suffix}:8443/secrets/db-password/{secret.Properties.Version}", created.Id);
        Assert.Equal((float)expires.ToUnixTimeSeconds(), created.Exp!.Value); // the SDK reads a float: the exact seconds are below
        Assert.Equal(expires.ToUnixTimeSeconds(), JsonDocument.Parse(post.Body).RootElement[0].GetProperty("data").GetProperty("EXP").GetInt64());
        Assert.Null(created.Nbf);
        var delivery = Assert.Single(await _fixture.ManagementClient().ListEventDeliveriesAsync(vault, "hook", null, default));
        Assert.Equal(("delivered", 1, 200, received.Id), (delivery.Outcome, delivery.Attempts, delivery.LastStatus, delivery.EventId));
    }

    [Fact]
    public async Task ReceiverAnswers500_RetriedWithDoublingBackOff_ThenDeliveredOnce()
    {
        var vault = await VaultArchiveCalls.NewVaultAsync(_fixture);
        await SubscribeAsync(vault, new EventSubscriptionRequest(Receiver.Endpoint.AbsoluteUri));
        foreach (var status in new[] { 500, 500, 503 })
        {
            Receiver.Answers.Enqueue(status);
        }

        await _fixture.SecretClient(vault).SetSecretAsync("s", "v");
        var management = _fixture.ManagementClient();
        for (var failed = 1; failed <= 3; failed++)
        {
            await PumpUntilAsync(async () => (await DeliveryAsync(vault)).Attempts == failed);
            var delivery = await DeliveryAsync(vault);
            Assert.Equal("pending", delivery.Outcome);
            Assert.Equal(10 << (failed - 1), delivery.NextAttemptOn - delivery.LastAttemptOn); // 10 s, 20 s, 40 s
        }

        await PumpUntilAsync(async () => (await DeliveryAsync(vault)).Outcome == "delivered");
        for (var step = 0; step < 5; step++)
        {
            _time.Advance(TimeSpan.FromHours(1));
            await Task.Delay(20);
        }

        var final = await DeliveryAsync(vault);
        Assert.Equal((4, 200), (final.Attempts, final.LastStatus));
        Assert.Equal(4, Receiver.Received.Count);
        Assert.Single(Receiver.Received.Select(p => Assert.Single(EventGridEvent.ParseMany(BinaryData.FromBytes(p.Body))).Id).Distinct());
    }

    [Fact]
    public async Task DeliveredEvent_ListedForSevenDays_ThenForgotten()
    {
        var vault = await VaultArchiveCalls.NewVaultAsync(_fixture);
        await SubscribeAsync(vault, new EventSubscriptionRequest(Receiver.Endpoint.AbsoluteUri));
        await _fixture.SecretClient(vault).SetSecretAsync("s", "v");
        await PumpUntilAsync(async () => (await DeliveryAsync(vault)).Outcome == "delivered");

        _time.Advance(TimeSpan.FromDays(6));
        _time.Advance(TimeSpan.FromSeconds(2));
        await Task.Delay(200);
        Assert.Equal("delivered", (await DeliveryAsync(vault)).Outcome);

        _time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(1));
        await PumpUntilAsync(async () => (await _fixture.ManagementClient().ListEventDeliveriesAsync(vault, "hook", null, default)).Count == 0);
    }

    [Fact]
    public async Task SecretNearingExpiry_NearExpiryAt30DaysThenExpired_EachOnce_AsCloudEvents()
    {
        var vault = await VaultArchiveCalls.NewVaultAsync(_fixture);
        await SubscribeAsync(vault, new EventSubscriptionRequest(Receiver.Endpoint.AbsoluteUri,
            ["Microsoft.KeyVault.SecretNearExpiry", "SecretExpired"], "CloudEventSchemaV1_0"));
        var expires = DateTimeOffset.FromUnixTimeSeconds(_time.GetUtcNow().AddDays(40).ToUnixTimeSeconds());
        await _fixture.SecretClient(vault).SetSecretAsync(new KeyVaultSecret("cert-password", "v") { Properties = { ExpiresOn = expires } });
        _time.Advance(TimeSpan.FromDays(9)); // 31 days before: not yet

        _time.Advance(TimeSpan.FromDays(2));
        var near = Assert.Single(await ReceiveAsync(1));
        _time.Advance(TimeSpan.FromDays(30));
        var both = await ReceiveAsync(2);
        for (var minute = 0; minute < 5; minute++)
        {
            _time.Advance(TimeSpan.FromMinutes(1)); // more scans find nothing new
            await Task.Delay(20);
        }

        Assert.StartsWith("application/cloudevents+json", near.ContentType);
        var nearEvent = CloudEvent.Parse(BinaryData.FromBytes(near.Body))!;
        Assert.True(nearEvent.TryGetSystemEventData(out var nearData));
        Assert.Equal("cert-password", Assert.IsType<KeyVaultSecretNearExpiryEventData>(nearData).ObjectName);
        Assert.InRange(nearEvent.Time!.Value, expires.AddDays(-30), expires); // raised once near expiry began, not at 31 days
        var expired = CloudEvent.Parse(BinaryData.FromBytes(both[1].Body))!;
        Assert.Equal("Microsoft.KeyVault.SecretExpired", expired.Type);
        Assert.True(expired.TryGetSystemEventData(out var expiredData));
        Assert.Equal("cert-password", Assert.IsType<KeyVaultSecretExpiredEventData>(expiredData).ObjectName);
        Assert.Equal(2, Receiver.Received.Count);
        // The near-expiry delivery, finished 30 days ago, is forgotten after seven: only the expired one is still listed.
        var listed = Assert.Single(await _fixture.ManagementClient().ListEventDeliveriesAsync(vault, "hook", null, default));
        Assert.Equal(("Microsoft.KeyVault.SecretExpired", "delivered"), (listed.EventType, listed.Outcome));
    }

    [Fact]
    public async Task RestoreSecretBackup_RaisesNoEvent_ASetAfterItDoes()
    {
        var source = await VaultArchiveCalls.NewVaultAsync(_fixture);
        var target = await VaultArchiveCalls.NewVaultAsync(_fixture);
        await _fixture.SecretClient(source).SetSecretAsync("restored", "v");
        var backup = (await _fixture.SecretClient(source).BackupSecretAsync("restored")).Value;
        await SubscribeAsync(target, new EventSubscriptionRequest(Receiver.Endpoint.AbsoluteUri));

        await _fixture.SecretClient(target).RestoreSecretBackupAsync(backup);
        await _fixture.SecretClient(target).SetSecretAsync("set-after", "v");
        var post = Assert.Single(await ReceiveAsync(1));

        Assert.Equal("set-after", Assert.Single(EventGridEvent.ParseMany(BinaryData.FromBytes(post.Body))).Subject);
        Assert.Equal("set-after", Assert.Single(await _fixture.ManagementClient().ListEventDeliveriesAsync(target, "hook", null, default)).ObjectName);
    }

    [Fact]
    public async Task CreateCertificate_RaisesCertificateNewVersionCreatedOnly_NotForItsKeyAndSecret()
    {
        var vault = await VaultArchiveCalls.NewVaultAsync(_fixture);
        await SubscribeAsync(vault, new EventSubscriptionRequest(Receiver.Endpoint.AbsoluteUri));

        var operation = await _fixture.CertificateClient(vault).StartCreateCertificateAsync("web", CertificatePolicy.Default);
        var created = (await operation.WaitForCompletionAsync(TimeSpan.FromMilliseconds(50), default)).Value;

        var received = Assert.Single(EventGridEvent.ParseMany(BinaryData.FromBytes(Assert.Single(await ReceiveAsync(1)).Body)));
        Assert.True(received.TryGetSystemEventData(out var data));
        var certificate = Assert.IsType<KeyVaultCertificateNewVersionCreatedEventData>(data);
        Assert.Equal(("Certificate", "web", created.Properties.Version), (certificate.ObjectType, certificate.ObjectName, certificate.Version));
        Assert.Single(await _fixture.ManagementClient().ListEventDeliveriesAsync(vault, "hook", null, default));
    }

    [Fact]
    public async Task AccessPolicyChange_RaisesVaultAccessPolicyChanged()
    {
        var vault = await VaultArchiveCalls.NewVaultAsync(_fixture);
        await SubscribeAsync(vault, new EventSubscriptionRequest(Receiver.Endpoint.AbsoluteUri, ["VaultAccessPolicyChanged"]));
        await _fixture.SecretClient(vault).SetSecretAsync("not-subscribed", "v");

        await _fixture.ManagementClient().UpdateAccessPoliciesAsync(vault, "add",
            [new AccessPolicyInfo(_fixture.Deployment.TenantId, Guid.NewGuid().ToString(), new AccessPolicyPermissionsInfo(null, ["get"], null))], default);

        var received = Assert.Single(EventGridEvent.ParseMany(BinaryData.FromBytes(Assert.Single(await ReceiveAsync(1)).Body)));
        Assert.Equal("Microsoft.KeyVault.VaultAccessPolicyChanged", received.EventType);
        Assert.True(received.TryGetSystemEventData(out var data));
        Assert.Equal((vault, "Vault"), (Assert.IsType<KeyVaultAccessPolicyChangedEventData>(data).VaultName, ((KeyVaultAccessPolicyChangedEventData)data).ObjectType));
    }

    [Theory]
    [InlineData("http://example.com/hook", null, null)]
    [InlineData("not a url", null, null)]
    [InlineData("https://127.0.0.1/hook", "SecretRotated", null)]
    [InlineData("https://127.0.0.1/hook", null, "CloudEventSchemaV2")]
    public async Task SetSubscription_BadEndpointTypeOrSchema_Returns400(string endpoint, string? type, string? schema)
    {
        var vault = await VaultArchiveCalls.NewVaultAsync(_fixture);

        var error = await Assert.ThrowsAsync<RequestFailedException>(() =>
            SubscribeAsync(vault, new EventSubscriptionRequest(endpoint, type is null ? null : [type], schema)));

        Assert.Equal((400, "BadParameter"), (error.Status, error.ErrorCode));
        Assert.Empty(await _fixture.ManagementClient().ListEventSubscriptionsAsync(vault, default));
    }

    [Fact]
    public async Task Subscription_NeverEchoesItsSecret_ListedAndDeleted()
    {
        var vault = await VaultArchiveCalls.NewVaultAsync(_fixture);
        var management = _fixture.ManagementClient();

        var set = await SubscribeAsync(vault, new EventSubscriptionRequest("http://localhost:9/hook", ["SecretNewVersionCreated"], Secret: Secret));
        var listed = Assert.Single(await management.ListEventSubscriptionsAsync(vault, default));
        await management.DeleteEventSubscriptionAsync(vault, "hook", default);

        Assert.Equal(set with { EventTypes = [] }, listed with { EventTypes = [] });
        Assert.Equal(set.EventTypes, listed.EventTypes);
        Assert.Equal((true, "EventGridSchema"), (set.HasSecret, set.Schema));
        Assert.Equal(["Microsoft.KeyVault.SecretNewVersionCreated"], set.EventTypes);
        Assert.Empty(await management.ListEventSubscriptionsAsync(vault, default));
        Assert.Equal(404, (await Assert.ThrowsAsync<RequestFailedException>(() => management.GetEventSubscriptionAsync(vault, "hook", default))).Status);
    }

    private async Task<EventDeliveryInfo> DeliveryAsync(string vault) =>
        Assert.Single(await _fixture.ManagementClient().ListEventDeliveriesAsync(vault, "hook", null, default));

    private Task<EventSubscriptionInfo> SubscribeAsync(string vault, EventSubscriptionRequest request) =>
        _fixture.ManagementClient().SetEventSubscriptionAsync(vault, "hook", request, default);

    private async Task<List<ReceivedPost>> ReceiveAsync(int count)
    {
        await PumpUntilAsync(() => Task.FromResult(Receiver.Received.Count >= count));
        return [.. Receiver.Received];
    }

    /// <summary>Moves the fake clock 2 s at a time (the delivery job's interval) until <paramref name="done"/>, for at most 30 s of real time.</summary>
    private async Task PumpUntilAsync(Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, "What the test waits for did not happen within 30 s.");
            _time.Advance(TimeSpan.FromSeconds(2));
            await Task.Delay(20);
        }
    }
}
