using Coffer.Core;
using Coffer.Core.Events;
using Coffer.Core.Keys;

namespace Coffer.Core.Tests;

public sealed class ExpiryNoticeTests
{
    private static readonly DateTimeOffset NotBefore = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private static readonly DateTimeOffset Expires = NotBefore.AddDays(100);

    [Fact]
    public void NearExpiryOn_SecretOrNoPolicy_Is30DaysBefore()
    {
        Assert.Equal(Expires.AddDays(-30), ExpiryNotice.NearExpiryOn(Candidate(ObjectKind.Secret, null)));
        Assert.Equal(Expires.AddDays(-30), ExpiryNotice.NearExpiryOn(Candidate(ObjectKind.Key, null)));
    }

    [Fact]
    public void NearExpiryOn_KeyPolicyNotify_TakesItsTimeBeforeExpiry_RotateAloneMovesNothing()
    {
        var notify = new RotationPolicy([new LifetimeAction("P90D", null, "Rotate"), new LifetimeAction(null, "P10D", "Notify")], "P365D", null, null);
        var rotateOnly = notify with { LifetimeActions = [new LifetimeAction("P90D", null, "Rotate")] };

        Assert.Equal(Expires.AddDays(-10), ExpiryNotice.NearExpiryOn(Candidate(ObjectKind.Key, notify.Serialize())));
        Assert.Equal(Expires.AddDays(-30), ExpiryNotice.NearExpiryOn(Candidate(ObjectKind.Key, rotateOnly.Serialize())));
    }

    [Fact]
    public void NearExpiryOn_CertificateEmailContacts_DaysBeforeExpiryOrLifetimePercentage()
    {
        const string Days = """{"lifetime_actions":[{"trigger":{"days_before_expiry":7},"action":{"action_type":"EmailContacts"}}]}""";
        const string Percentage = """{"lifetime_actions":[{"trigger":{"lifetime_percentage":80},"action":{"action_type":"EmailContacts"}}]}""";
        const string AutoRenew = """{"lifetime_actions":[{"trigger":{"days_before_expiry":7},"action":{"action_type":"AutoRenew"}}]}""";

        Assert.Equal(Expires.AddDays(-7), ExpiryNotice.NearExpiryOn(Candidate(ObjectKind.Certificate, Days)));
        Assert.Equal(NotBefore.AddDays(80), ExpiryNotice.NearExpiryOn(Candidate(ObjectKind.Certificate, Percentage)));
        Assert.Equal(Expires.AddDays(-30), ExpiryNotice.NearExpiryOn(Candidate(ObjectKind.Certificate, AutoRenew)));
    }

    [Fact]
    public void NearExpiryOn_PolicyThatDoesNotParse_Is30DaysBefore() =>
        Assert.Equal(Expires.AddDays(-30), ExpiryNotice.NearExpiryOn(Candidate(ObjectKind.Key, "{not json")));

    private static ExpiryCandidate Candidate(ObjectKind kind, string? policy) =>
        new(new ObjectRef("v", kind, "n"), "0".PadRight(32, '0'), NotBefore, Expires, policy, NearExpiryRaised: false);
}
