namespace Coffer.Client.Management;

/// <summary>Body of <c>POST /_coffer/securitydomain/download</c>: the operators' certificates (DER in base64) and the quorum, or a passphrase.</summary>
public sealed record SecurityDomainDownloadRequest(IReadOnlyList<string>? Certificates, int? Quorum, string? Passphrase = null);

/// <summary>Body of <c>POST /_coffer/securitydomain/protectionkeys</c>.</summary>
public sealed record ProtectionKeyCreateRequest(string SubscriptionId, string Geography);
