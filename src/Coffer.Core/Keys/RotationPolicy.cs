using System.Xml;
using Coffer.Core.Errors;

namespace Coffer.Core.Keys;

/// <summary>A key's rotation policy: when to rotate or notify, and the expiry given to new versions.</summary>
public sealed record RotationPolicy(
    IReadOnlyList<LifetimeAction> LifetimeActions,
    string? ExpiryTime,
    DateTimeOffset? Created,
    DateTimeOffset? Updated)
{
    public const string Rotate = "Rotate";
    public const string Notify = "Notify";

    /// <summary>What Key Vault reports for a key that never had a policy set.</summary>
    public static readonly RotationPolicy Default = new([new LifetimeAction(null, "P30D", Notify)], null, null, null);

    public TimeSpan? ExpiresAfter => ExpiryTime is null ? null : Duration(ExpiryTime, "expiryTime");

    /// <summary>Canonical action names and checked ISO 8601 durations; 400 BadParameter otherwise.</summary>
    public RotationPolicy Validated()
    {
        var actions = LifetimeActions.Select(a =>
        {
            var type = string.Equals(a.Action, Rotate, StringComparison.OrdinalIgnoreCase) ? Rotate
                : string.Equals(a.Action, Notify, StringComparison.OrdinalIgnoreCase) ? Notify
                : throw KeyVaultErrors.BadParameter($"Unknown lifetime action '{a.Action}': use Rotate or Notify.");
            if ((a.TimeAfterCreate is null) == (a.TimeBeforeExpiry is null))
            {
                throw KeyVaultErrors.BadParameter("Each lifetime action needs exactly one of timeAfterCreate and timeBeforeExpiry.");
            }

            if (a.TimeAfterCreate is not null)
            {
                Duration(a.TimeAfterCreate, "timeAfterCreate");
            }

            if (a.TimeBeforeExpiry is not null)
            {
                var before = Duration(a.TimeBeforeExpiry, "timeBeforeExpiry");
                if (ExpiryTime is null && type == Rotate)
                {
                    throw KeyVaultErrors.BadParameter("A timeBeforeExpiry trigger needs the policy's expiryTime.");
                }

                if (ExpiryTime is not null && before >= Duration(ExpiryTime, "expiryTime"))
                {
                    throw KeyVaultErrors.BadParameter(
                        $"timeBeforeExpiry '{a.TimeBeforeExpiry}' must be shorter than the policy's expiryTime '{ExpiryTime}': the action would be due before a new version is created.");
                }
            }

            return a with { Action = type };
        }).ToList();

        if (ExpiryTime is not null && Duration(ExpiryTime, "expiryTime") < TimeSpan.FromDays(28))
        {
            throw KeyVaultErrors.BadParameter("expiryTime must be at least 28 days (P28D).");
        }

        return this with { LifetimeActions = actions };
    }

    /// <summary>
    /// When the policy's Rotate actions make <paramref name="current"/> due: the earliest of its <c>timeAfterCreate</c>
    /// after its creation and <c>timeBeforeExpiry</c> before its expiry (none when it has no expiry); null when no Rotate applies.
    /// </summary>
    public DateTimeOffset? RotationDueOn(ObjectVersion current)
    {
        DateTimeOffset? due = null;
        foreach (var action in LifetimeActions.Where(a => string.Equals(a.Action, Rotate, StringComparison.OrdinalIgnoreCase)))
        {
            var at = action.TimeAfterCreate is { } after ? current.Created + Duration(after, "timeAfterCreate")
                : action.TimeBeforeExpiry is { } before && current.Attributes.Expires is { } expires ? expires - Duration(before, "timeBeforeExpiry")
                : (DateTimeOffset?)null;
            if (at < due || due is null)
            {
                due = at;
            }
        }

        return due;
    }

    public string Serialize() => System.Text.Json.JsonSerializer.Serialize(this, KeyJsonContext.Default.RotationPolicy);

    public static RotationPolicy Deserialize(string json) =>
        System.Text.Json.JsonSerializer.Deserialize(json, KeyJsonContext.Default.RotationPolicy)
            ?? throw new System.Text.Json.JsonException("Empty rotation policy.");

    private static TimeSpan Duration(string text, string name)
    {
        try
        {
            var duration = XmlConvert.ToTimeSpan(text);
            return duration > TimeSpan.Zero ? duration : throw new FormatException();
        }
        catch (FormatException)
        {
            throw KeyVaultErrors.BadParameter($"{name} '{text}' is not a positive ISO 8601 duration such as P90D.");
        }
    }
}

/// <summary>One trigger (after create, or before expiry) and what to do then.</summary>
public sealed record LifetimeAction(string? TimeAfterCreate, string? TimeBeforeExpiry, string Action);
