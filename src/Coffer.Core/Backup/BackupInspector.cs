using Coffer.Core.Vaults;

namespace Coffer.Core.Backup;

/// <summary>
/// Opens a blob as restore would — marker, protection key, authentication, content — and describes it
/// instead of writing it: for <c>coffer backup inspect --verify</c>. The material it decrypts is dropped.
/// </summary>
public sealed class BackupInspector(BackupProtectionKeyring keyring)
{
    public async Task<BackupInspection> InspectAsync(Vault vault, ObjectKind expected, byte[] blob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vault);
        var (header, content) = await BackupBlob.OpenAsync(blob, expected, keyring.FindAsync, cancellationToken);
        var reason = !string.Equals(header.SubscriptionId, vault.SubscriptionId, StringComparison.OrdinalIgnoreCase)
            ? BackupErrors.OtherSubscription(header.SubscriptionId, vault.SubscriptionId).Message
            : header.Geography != vault.Geography ? BackupErrors.OtherGeography(header.Geography, vault.Geography).Message
            : null;
        return Describe(header, content, reason);
    }

    private static BackupInspection Describe(BackupHeader header, BackupContent content, string? reason) => new(
        header with { Kind = content.Kind },
        content.Name,
        content.Versions.Select(v => new BackupVersionSummary(v.Version.Version, v.Version.Created, v.Version.Updated, v.Version.Attributes.Enabled,
            v.Version.Attributes.NotBefore, v.Version.Attributes.Expires, v.Version.ContentType)).ToList(),
        (content.Linked ?? []).Select(linked => Describe(header, linked, reason)).ToList(),
        reason);
}
