using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Coffer.Core.Crypto;
using Coffer.Core.Events;
using Coffer.Core.Storage;
using Coffer.Server.Hosting;

namespace Coffer.Server.Events;

/// <summary>
/// Sends the deliveries that are due: claims a batch (<see cref="IEventStore.ClaimDueAsync"/>), POSTs each to its
/// endpoint, and records the attempt. A 2xx answer delivers it; anything else, or no answer within
/// <see cref="CofferOptions.EventAttemptTimeout"/>, sets the next attempt 10 s later, doubling up to an hour, until
/// <see cref="MaxAttempts"/> attempts or <see cref="GiveUpAfter"/> since the event, when it is kept as failed. A node that
/// dies mid-send leaves its claims to end with their lease: those deliveries are sent again (at least once). Delivered and
/// given-up deliveries are kept <see cref="KeepFinished"/> for <c>/deliveries</c> to show, then removed (looked at hourly).
/// </summary>
internal sealed class EventDeliverer(
    IEventStore events, IVaultStore vaults, EnvelopeSealer sealer, IHttpClientFactory clients, CofferOptions options, TimeProvider time,
    ILogger<EventDeliverer> logger)
{
    public const string HttpClientName = "coffer-events";
    public const string SignatureHeader = "Coffer-Signature";
    public const int MaxAttempts = 30;
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromHours(24);
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromHours(1);
    public static readonly TimeSpan KeepFinished = TimeSpan.FromDays(7);
    private static readonly TimeSpan ForgetEvery = TimeSpan.FromHours(1);
    private const int BatchSize = 32;
    private const int MaxBatchesPerPass = 10;

    private DateTimeOffset _forgotten = DateTimeOffset.MinValue;

    public async Task DeliverDueAsync(CancellationToken cancellationToken)
    {
        await ForgetFinishedAsync(cancellationToken);
        for (var batch = 0; batch < MaxBatchesPerPass; batch++)
        {
            var claims = await events.ClaimDueAsync(time.GetUtcNow(), options.EventAttemptTimeout + TimeSpan.FromMinutes(1), BatchSize, cancellationToken);
            await Task.WhenAll(claims.Select(claim => DeliverAsync(claim, cancellationToken)));
            if (claims.Count < BatchSize)
            {
                return;
            }
        }
    }

    private async Task ForgetFinishedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now - _forgotten >= ForgetEvery)
        {
            await events.ForgetFinishedAsync(now - KeepFinished, cancellationToken);
            _forgotten = now;
        }
    }

    /// <summary>The delay before the attempt after <paramref name="failedAttempts"/> failed ones.</summary>
    public static TimeSpan Backoff(int failedAttempts) =>
        failedAttempts >= 10 ? LongestRetry : TimeSpan.FromTicks(Math.Min(FirstRetry.Ticks << (failedAttempts - 1), LongestRetry.Ticks));

    private async Task DeliverAsync(EventClaim claim, CancellationToken cancellationToken)
    {
        var (status, error) = await SendAsync(claim, cancellationToken);
        var now = time.GetUtcNow();
        var delivery = claim.Delivery;
        var attempts = delivery.Attempts + 1;
        var delivered = status is >= 200 and < 300;
        var outcome = delivered ? DeliveryOutcome.Delivered
            : attempts >= MaxAttempts || now - delivery.Event.Time >= GiveUpAfter ? DeliveryOutcome.Failed
            : DeliveryOutcome.Pending;
        if (outcome == DeliveryOutcome.Failed)
        {
            logger.LogWarning("Gave up delivering event {EventId} ({EventType}) to subscription {Subscription} of vault {Vault} after {Attempts} attempts: {Error}",
                delivery.Event.Id, delivery.Event.Type.WireName(), delivery.Subscription, delivery.Event.Vault, attempts, error ?? $"HTTP {status}");
        }

        var attempted = delivery with
        {
            Outcome = outcome,
            Attempts = attempts,
            NextAttemptOn = outcome == DeliveryOutcome.Pending ? now + Backoff(attempts) : now,
            LastAttemptOn = now,
            LastStatus = status,
            LastError = delivered ? null : error ?? $"The endpoint answered {status}.",
        };
        await events.CompleteAsync(claim, attempted, cancellationToken);
    }

    private async Task<(int? Status, string? Error)> SendAsync(EventClaim claim, CancellationToken cancellationToken)
    {
        var subscription = claim.Subscription;
        var raised = claim.Delivery.Event;
        var vault = await vaults.GetAsync(raised.Vault, cancellationToken);
        if (vault is null)
        {
            return (null, "The vault is gone.");
        }

        var body = EventPayload.Create(raised, subscription.Schema, VaultUri(raised.Vault), vault.SubscriptionId);
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(
            subscription.Schema == EventSchema.CloudEvents ? EventPayload.CloudEventsContentType : EventPayload.EventGridContentType) { CharSet = "utf-8" };
        request.Headers.Add("aeg-event-type", "Notification");
        if (subscription.SealedSecret is { } sealedSecret)
        {
            byte[] secret;
            try
            {
                secret = sealer.Open(sealedSecret, EventSubscription.SecretContext(subscription.Vault, subscription.Name));
            }
            catch (CryptographicException)
            {
                return (null, "The subscription's secret cannot be opened with this server's keyring: set the subscription again.");
            }

            request.Headers.Add(SignatureHeader, "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(secret, body)));
            CryptographicOperations.ZeroMemory(secret);
        }

        using var timeout = new CancellationTokenSource(options.EventAttemptTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            return ((int)response.StatusCode, null);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (null, $"No answer within {options.EventAttemptTimeout.TotalSeconds:0} s.");
        }
        catch (HttpRequestException e)
        {
            return (null, e.Message);
        }
    }

    private string VaultUri(string vault) =>
        options.Port == 443 ? $"https://{vault}.{options.DnsSuffix}/" : $"https://{vault}.{options.DnsSuffix}:{options.Port}/";
}
