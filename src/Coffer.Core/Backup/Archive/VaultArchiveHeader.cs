namespace Coffer.Core.Backup.Archive;

/// <summary>
/// What an archive says about where it came from. <see cref="Source"/> is <c>coffer</c> for a server
/// snapshot (one read transaction) and <c>rest</c> for a per-object backup over the Key Vault REST API
/// (any Key Vault, Azure included), where subscription, location and geography may be unknown (null).
/// <see cref="SigningKeyId"/> names the backup protection key whose derived MAC key signs the archive,
/// or is null for an unsigned (digest-only) archive; the writer sets it. <see cref="Resealed"/> is set on an archive an
/// administrator moved to this (subscription, geography) from another (<c>coffer backup reseal</c>).
/// </summary>
public sealed record VaultArchiveHeader(
    string Vault,
    string VaultUrl,
    string Source,
    DateTimeOffset Created,
    string? SubscriptionId = null,
    string? Location = null,
    string? Geography = null,
    string? SigningKeyId = null,
    BackupResealMark? Resealed = null)
{
    public const string CofferSource = "coffer";
    public const string RestSource = "rest";
}
