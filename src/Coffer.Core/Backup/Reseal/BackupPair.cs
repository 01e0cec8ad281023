namespace Coffer.Core.Backup.Reseal;

/// <summary>A (subscription, geography): the "security world" one backup protection key serves.</summary>
public sealed record BackupPair(string SubscriptionId, string Geography)
{
    public bool Is(string subscriptionId, string geography) =>
        string.Equals(SubscriptionId, subscriptionId, StringComparison.OrdinalIgnoreCase) && Geography == geography;

    public override string ToString() => $"{SubscriptionId.ToLowerInvariant()}/{Geography}";
}
