using System.Text.Json;
using System.Xml;
using Coffer.Core.Certificates;
using Coffer.Core.Keys;

namespace Coffer.Core.Events;

/// <summary>
/// When a version's near-expiry event is due: <see cref="DefaultLead"/> before it expires, unless the object's policy says
/// otherwise — a key rotation policy's <c>Notify</c> action with <c>timeBeforeExpiry</c>, a certificate policy's
/// <c>EmailContacts</c> action with <c>days_before_expiry</c> or <c>lifetime_percentage</c>.
/// </summary>
public static class ExpiryNotice
{
    public static readonly TimeSpan DefaultLead = TimeSpan.FromDays(30);

    public static DateTimeOffset NearExpiryOn(ExpiryCandidate candidate)
    {
        var expires = candidate.Expires;
        try
        {
            return candidate switch
            {
                { Obj.Kind: ObjectKind.Key, Policy: { } json } => KeyNotice(RotationPolicy.Deserialize(json), expires),
                { Obj.Kind: ObjectKind.Certificate, Policy: { } json } => CertificateNotice(CertificateService.DeserializePolicy(json), candidate.NotBefore, expires),
                _ => null,
            } ?? expires - DefaultLead;
        }
        catch (Exception e) when (e is JsonException or FormatException or OverflowException)
        {
            return expires - DefaultLead; // a policy that does not parse moves nothing
        }
    }

    private static DateTimeOffset? KeyNotice(RotationPolicy policy, DateTimeOffset expires) =>
        policy.LifetimeActions.FirstOrDefault(a => string.Equals(a.Action, RotationPolicy.Notify, StringComparison.OrdinalIgnoreCase) && a.TimeBeforeExpiry is not null)
            is { TimeBeforeExpiry: { } before }
            ? expires - XmlConvert.ToTimeSpan(before)
            : null;

    private static DateTimeOffset? CertificateNotice(CertificatePolicy? policy, DateTimeOffset? notBefore, DateTimeOffset expires)
    {
        var trigger = policy?.LifetimeActions?.FirstOrDefault(a =>
            string.Equals(a.Action?.ActionType, "EmailContacts", StringComparison.OrdinalIgnoreCase) && a.Trigger is not null)?.Trigger;
        return trigger switch
        {
            { DaysBeforeExpiry: { } days } => expires - TimeSpan.FromDays(days),
            { LifetimePercentage: { } percent } when notBefore is { } start => start + (expires - start) * (percent / 100.0),
            _ => null,
        };
    }
}
