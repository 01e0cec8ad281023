using System.Text.Json.Serialization;

namespace Coffer.Core.Backup.Archive;

internal sealed record ArchiveHeaderJson(
    int Format,
    string Vault,
    string VaultUrl,
    string Source,
    DateTimeOffset Created,
    string? SubscriptionId,
    string? Location,
    string? Geography,
    string? SigningKeyId,
    ArchiveResealJson? Resealed = null);

internal sealed record ArchiveResealJson(DateTimeOffset At, string By, string FromSubscriptionId, string FromGeography);

internal sealed record ArchiveEntryJson(
    string Kind,
    string Name,
    IReadOnlyList<string>? Versions,
    int? VersionCount,
    long Size,
    string Sha256);

internal sealed record ArchiveEndJson(int Objects, long BlobBytes);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ArchiveHeaderJson))]
[JsonSerializable(typeof(ArchiveEntryJson))]
[JsonSerializable(typeof(ArchiveEndJson))]
internal sealed partial class VaultArchiveJsonContext : JsonSerializerContext;
