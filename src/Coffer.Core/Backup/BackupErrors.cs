using Coffer.Core.Errors;

namespace Coffer.Core.Backup;

/// <summary>Why a backup blob is refused. Every one is 400 and leaves the vault untouched.</summary>
public static class BackupErrors
{
    /// <summary>Azure's answer to a blob it cannot read: its code and message, which the SDKs' own tests compare.</summary>
    public const string MalformedCode = "BadParameter";

    public const string MalformedMessage = "Backup blob contains invalid or corrupt version.";

    /// <summary>The inner error code that carries Coffer's reason.</summary>
    public const string MalformedInnerCode = "MalformedBackupBlob";

    public static KeyVaultException Corrupt(string? detail = null) => Malformed(detail is null ? "Backup blob is corrupt." : $"Backup blob is corrupt: {detail}");

    public static KeyVaultException WrongKind(ObjectKind expected, string found) =>
        Malformed($"Backup blob is corrupt: it holds a {found} backup, and this operation restores a {expected.WireName()}.");

    private static KeyVaultException Malformed(string reason) => new(400, MalformedCode, MalformedMessage, MalformedInnerCode, reason);

    public static KeyVaultException UnknownProtectionKey(string keyId) =>
        new(400, "UnknownBackupProtectionKey",
            $"The backup blob was protected by key {keyId}, which this Coffer does not hold: it was made by another deployment.");

    public static KeyVaultException OtherSubscription(string blobSubscription, string vaultSubscription) =>
        new(400, "BackupSubscriptionMismatch",
            $"The backup was taken in subscription {blobSubscription}; it can only be restored into a vault of that subscription, and this vault is in {vaultSubscription}.");

    public static KeyVaultException OtherGeography(string blobGeography, string vaultGeography) =>
        new(400, "BackupGeographyMismatch",
            $"The backup was taken in geography {blobGeography}; it can only be restored into a vault of that geography, and this vault is in {vaultGeography}.");

    public static KeyVaultException NameTaken(ObjectKind kind, string name, bool deleted) =>
        new(409, "Conflict", deleted
            ? $"{kind.DisplayName()} {name} is soft-deleted in this vault; recover or purge it before restoring a backup of it."
            : $"{kind.DisplayName()} {name} already exists in this vault; delete and purge it before restoring a backup of it.",
            deleted ? "ObjectIsDeletedButRecoverable" : null);

    /// <summary>A whole-vault archive that is corrupt, cut short, edited or signed by a key this deployment lacks.</summary>
    public const string MalformedArchiveCode = "MalformedBackupArchive";

    public static KeyVaultException MalformedArchive(string message) => new(400, MalformedArchiveCode, message);
}
