using Coffer.Core;
using Coffer.Core.Events;
using Coffer.Core.Storage;

namespace Coffer.Storage.Tests;

/// <summary>
/// The events' contract: subscriptions per vault, a new version's deliveries queued with it (only for the subscriptions
/// that take its type), none for a restore, a due delivery claimed by one node only, once-keys that hold.
/// </summary>
public abstract partial class StoreContract
{
    private static readonly TimeSpan DeliveryLease = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task EventSubscription_SetGetListDelete_NoVaultIsFalse()
    {
        var hook = Subscription("vault1", "Hook", VaultEventTypes.All) with { SealedSecret = [7, 8, 9] };
        var replaced = hook with { Endpoint = new Uri("https://127.0.0.1/other"), Schema = EventSchema.CloudEvents, SealedSecret = null };

        Assert.True(await Store.Events.SetSubscriptionAsync(hook, default));
        Assert.True(await Store.Events.SetSubscriptionAsync(Subscription("vault1", "another", [VaultEventType.KeyExpired]), default));
        Assert.Equal([7, 8, 9], (await Store.Events.GetSubscriptionAsync("vault1", "hook", default))!.SealedSecret);
        Assert.True(await Store.Events.SetSubscriptionAsync(replaced, default));
        Assert.False(await Store.Events.SetSubscriptionAsync(Subscription("nowhere", "hook", VaultEventTypes.All), default));

        var read = await Store.Events.GetSubscriptionAsync("VAULT1", "HOOK", default);
        Assert.Equal((replaced.Endpoint, EventSchema.CloudEvents, null), (read!.Endpoint, read.Schema, read.SealedSecret));
        Assert.Equal(["another", "Hook"], (await Store.Events.ListSubscriptionsAsync("vault1", default)).Select(s => s.Name));
        Assert.Empty(await Store.Events.ListSubscriptionsAsync("vault2", default));
        Assert.True(await Store.Events.DeleteSubscriptionAsync("vault1", "hook", default));
        Assert.False(await Store.Events.DeleteSubscriptionAsync("vault1", "hook", default));
        Assert.Null(await Store.Events.GetSubscriptionAsync("vault1", "hook", default));
    }

    [Fact]
    public async Task AddVersion_QueuesItsEventForSubscriptionsTakingIt_CertificateOnlyForTheCertificate_RestoreNone()
    {
        await Store.Events.SetSubscriptionAsync(Subscription("vault1", "secrets", [VaultEventType.SecretNewVersionCreated]), default);
        await Store.Events.SetSubscriptionAsync(Subscription("vault1", "all", VaultEventTypes.All), default);
        await Store.Events.SetSubscriptionAsync(Subscription("vault2", "other-vault", VaultEventTypes.All), default);
        var certificate = new ObjectRef("vault1", ObjectKind.Certificate, "cert");

        await Store.Objects.AddVersionAsync(Secret("s1"), Version("a") with { Attributes = new ObjectAttributes(true, Now, Now.AddDays(3)) }, default);
        await Store.Objects.AddVersionsAsync(
            [(certificate, Version("b")), (certificate with { Kind = ObjectKind.Key }, Version("b")), (certificate with { Kind = ObjectKind.Secret }, Version("b"))],
            default);
        await Store.Objects.InsertObjectsAsync([new ObjectInsert(Secret("restored"), [Version("c")], null)], default);

        var secretsOnly = Assert.Single(await Store.Events.ListDeliveriesAsync("vault1", "secrets", 10, default));
        Assert.Equal(
            new VaultEvent(secretsOnly.Event.Id, VaultEventType.SecretNewVersionCreated, "vault1", "s1", Id("a"), Now, Now.AddDays(3), Now),
            secretsOnly.Event);
        Assert.Equal((DeliveryOutcome.Pending, 0, Now), (secretsOnly.Outcome, secretsOnly.Attempts, secretsOnly.NextAttemptOn));
        Assert.Equal([(VaultEventType.CertificateNewVersionCreated, "cert"), (VaultEventType.SecretNewVersionCreated, "s1")],
            (await Store.Events.ListDeliveriesAsync("vault1", "all", 10, default)).Select(d => (d.Event.Type, d.Event.ObjectName!)));
        Assert.Empty(await Store.Events.ListDeliveriesAsync("vault2", "other-vault", 10, default));
    }

    [Fact]
    public async Task ClaimDue_OneNodeAtATime_AgainOnceTheLeaseEnds_CompleteNeedsTheClaim()
    {
        await Store.Events.SetSubscriptionAsync(Subscription("vault1", "hook", VaultEventTypes.All), default);
        await Store.Objects.AddVersionAsync(Secret("s1"), Version("a"), default);

        var claim = Assert.Single(await Store.Events.ClaimDueAsync(Now, DeliveryLease, 10, default));
        Assert.Empty(await Store.Events.ClaimDueAsync(Now.AddMinutes(1), DeliveryLease, 10, default));
        var retaken = Assert.Single(await Store.Events.ClaimDueAsync(Now + DeliveryLease, DeliveryLease, 10, default));
        var failed = retaken.Delivery with { Attempts = 1, NextAttemptOn = Now.AddHours(1), LastAttemptOn = Now + DeliveryLease, LastStatus = 500, LastError = "boom" };

        Assert.Equal(("hook", "s1"), (claim.Subscription.Name, claim.Delivery.Event.ObjectName));
        Assert.False(await Store.Events.CompleteAsync(claim, claim.Delivery with { Outcome = DeliveryOutcome.Delivered }, default));
        Assert.True(await Store.Events.CompleteAsync(retaken, failed, default));
        Assert.Equal(failed, Assert.Single(await Store.Events.ListDeliveriesAsync("vault1", "hook", 10, default)));
        Assert.Empty(await Store.Events.ClaimDueAsync(Now.AddMinutes(59), DeliveryLease, 10, default)); // released, but not due
        var again = Assert.Single(await Store.Events.ClaimDueAsync(Now.AddHours(1), DeliveryLease, 10, default));
        Assert.True(await Store.Events.CompleteAsync(again, again.Delivery with { Outcome = DeliveryOutcome.Delivered, Attempts = 2 }, default));
        Assert.Empty(await Store.Events.ClaimDueAsync(Now.AddDays(2), DeliveryLease, 10, default));
    }

    [Fact]
    public async Task ForgetFinished_RemovesDeliveredAndGivenUpLastTriedBefore_KeepsPendingAndNewer()
    {
        await Store.Events.SetSubscriptionAsync(Subscription("vault1", "hook", VaultEventTypes.All), default);
        foreach (var name in new[] { "delivered", "failed", "pending", "recent" })
        {
            await Store.Objects.AddVersionAsync(Secret(name), Version(name), default);
        }

        var claims = (await Store.Events.ClaimDueAsync(Now, DeliveryLease, 10, default)).ToDictionary(c => c.Delivery.Event.ObjectName!);
        await Complete("delivered", DeliveryOutcome.Delivered, Now);
        await Complete("failed", DeliveryOutcome.Failed, Now);
        await Complete("pending", DeliveryOutcome.Pending, Now);
        await Complete("recent", DeliveryOutcome.Delivered, Now.AddDays(1));

        Assert.Equal(0, await Store.Events.ForgetFinishedAsync(Now, default));
        Assert.Equal(2, await Store.Events.ForgetFinishedAsync(Now.AddHours(1), default));
        Assert.Equal(["pending", "recent"],
            (await Store.Events.ListDeliveriesAsync("vault1", "hook", 10, default)).Select(d => d.Event.ObjectName!).Order());

        async Task Complete(string name, DeliveryOutcome outcome, DateTimeOffset on) =>
            Assert.True(await Store.Events.CompleteAsync(claims[name],
                claims[name].Delivery with { Outcome = outcome, Attempts = 1, NextAttemptOn = on.AddHours(1), LastAttemptOn = on, LastStatus = 200 }, default));
    }

    [Fact]
    public async Task ClaimDue_TwoNodesAtOnce_EachDeliveryClaimedOnce()
    {
        var nodes = new[] { Store, await OpenNodeAsync() };
        await Store.Events.SetSubscriptionAsync(Subscription("vault1", "hook", VaultEventTypes.All), default);
        var names = Enumerable.Range(0, 12).Select(i => $"s{i:00}").ToList();
        foreach (var name in names)
        {
            await Store.Objects.AddVersionAsync(Secret(name), Version(name), default);
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            var mine = new List<string>();
            while ((await nodes[i % 2].Events.ClaimDueAsync(Now, DeliveryLease, 2, default)) is { Count: > 0 } claimed)
            {
                mine.AddRange(claimed.Select(c => c.Delivery.Event.ObjectName!));
            }

            return mine;
        })));

        Assert.Equal(names, claims.SelectMany(c => c).Order());
    }

    [Fact]
    public async Task RaiseOnce_SecondTimeFalse_ExpiredVersionsLeaveTheExpiringList()
    {
        await Store.Events.SetSubscriptionAsync(Subscription("vault1", "hook", VaultEventTypes.All), default);
        var expiring = Version("a") with { Attributes = new ObjectAttributes(true, null, Now.AddDays(10)) };
        await Store.Objects.AddVersionAsync(Secret("s1"), expiring, default);
        await Store.Objects.AddVersionAsync(Secret("never"), Version("b"), default);
        await Store.Objects.AddVersionAsync(new ObjectRef("vault2", ObjectKind.Secret, "unsubscribed"), expiring with { Version = Id("c") }, default);
        var near = VaultEvent.ForVersion(VaultEventType.SecretNearExpiry, Secret("s1"), Id("a"), expiring.Attributes, Now);

        var before = Assert.Single(await Store.Events.ListExpiringAsync(default));
        Assert.True(await Store.Events.RaiseAsync(near, once: true, default));
        Assert.False(await Store.Events.RaiseAsync(near with { Id = "another" }, once: true, default));
        var afterNear = Assert.Single(await Store.Events.ListExpiringAsync(default));
        Assert.True(await Store.Events.RaiseAsync(near with { Id = "expired", Type = VaultEventType.SecretExpired }, once: true, default));

        Assert.Equal((Secret("s1"), Id("a"), Now.AddDays(10), false), (before.Obj, before.Version, before.Expires, before.NearExpiryRaised));
        Assert.True(afterNear.NearExpiryRaised);
        Assert.Empty(await Store.Events.ListExpiringAsync(default));
        Assert.Equal([VaultEventType.SecretExpired, VaultEventType.SecretNearExpiry, VaultEventType.SecretNewVersionCreated, VaultEventType.SecretNewVersionCreated],
            (await Store.Events.ListDeliveriesAsync("vault1", "hook", 10, default)).Select(d => d.Event.Type));
    }

    private static EventSubscription Subscription(string vault, string name, IEnumerable<VaultEventType> types) =>
        new(vault, name, new Uri("https://127.0.0.1:9443/hook"), VaultEventTypes.Mask(types), EventSchema.EventGrid, null, Now);
}
