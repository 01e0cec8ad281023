using System.Text.Json.Serialization;

namespace Coffer.Core.Backup.SecurityDomain;

/// <summary>
/// The document's JSON. Members are written in declaration order and nothing is indented by this context, so the
/// bytes the MAC covers (<see cref="SecurityDomainFormat"/>) are the same on every machine; unknown members are refused.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(SecurityDomainDocument))]
[JsonSerializable(typeof(SecurityDomainKeys))]
[JsonSerializable(typeof(SecurityDomainUpload))]
internal sealed partial class SecurityDomainJsonContext : JsonSerializerContext;

/// <summary>The plaintext of <see cref="SecurityDomainDocument.Keys"/>.</summary>
internal sealed record SecurityDomainKeys(IReadOnlyList<SecurityDomainKey> Keys);

internal sealed record SecurityDomainKey(string Id, string SubscriptionId, string Geography, byte[] Key);
