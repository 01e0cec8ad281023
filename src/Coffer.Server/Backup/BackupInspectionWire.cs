using Coffer.Core;
using Coffer.Core.Backup;

namespace Coffer.Server.Backup;

/// <summary>The inspect answer: the blob's authenticated header, the object's versions (Unix seconds), linked objects, and restorability here.</summary>
internal sealed record BackupInspectionWire(
    string Kind,
    string Name,
    int Format,
    string Subscription,
    string Geography,
    string ProtectionKeyId,
    long Created,
    bool Restorable,
    string? Reason,
    IReadOnlyList<BackupVersionWire> Versions,
    IReadOnlyList<BackupInspectionWire>? Linked,
    BackupResealWire? Resealed)
{
    internal static BackupInspectionWire From(BackupInspection inspection) => new(
        inspection.Header.Kind.WireName(),
        inspection.Name,
        inspection.Header.Format,
        inspection.Header.SubscriptionId,
        inspection.Header.Geography,
        inspection.Header.KeyId,
        inspection.Header.Created.ToUnixTimeSeconds(),
        inspection.NotRestorableReason is null,
        inspection.NotRestorableReason,
        inspection.Versions.Select(v => new BackupVersionWire(v.Version, v.Created.ToUnixTimeSeconds(), v.Updated.ToUnixTimeSeconds(), v.Enabled,
            v.NotBefore?.ToUnixTimeSeconds(), v.Expires?.ToUnixTimeSeconds(), v.ContentType)).ToList(),
        inspection.Linked.Count == 0 ? null : inspection.Linked.Select(From).ToList(),
        inspection.Header.Resealed is { } mark ? new BackupResealWire(mark.At.ToUnixTimeSeconds(), mark.By, mark.FromSubscriptionId, mark.FromGeography) : null);
}

/// <summary>A re-sealed blob's mark in the inspect answer: when (Unix seconds), by whom (object id), from which (subscription, geography).</summary>
internal sealed record BackupResealWire(long At, string By, string FromSubscription, string FromGeography);
