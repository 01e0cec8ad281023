using System.Text.Json.Serialization;

namespace Coffer.Core.Backup.SecurityDomain;

/// <summary>What a deployment knows of its security domains: the last download, and every protection key with whether a domain holds it.</summary>
public sealed record SecurityDomainStatus(SecurityDomainDownload? LastDownload, IReadOnlyList<ProtectionKeyCoverage> ProtectionKeys)
{
    public IReadOnlyList<ProtectionKeyCoverage> Uncovered => ProtectionKeys.Where(k => !k.Covered).ToList();
}

/// <summary>A download as recorded: the document's id and time, its quorum, the operators' certificate subjects and the keys it held.</summary>
public sealed record SecurityDomainDownload(string Id, DateTimeOffset Created, int Quorum, IReadOnlyList<string> Operators, IReadOnlyList<string> KeyIds);

public sealed record ProtectionKeyCoverage(string Id, string SubscriptionId, string Geography, bool Covered);

/// <summary>What an upload did: the keys it added and the ones this deployment already held.</summary>
public sealed record SecurityDomainImport(string DocumentId, IReadOnlyList<ProtectionKeyListing> Imported, IReadOnlyList<ProtectionKeyListing> AlreadyPresent);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SecurityDomainDownload))]
internal sealed partial class SecurityDomainStatusJsonContext : JsonSerializerContext;
