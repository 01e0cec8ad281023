namespace Coffer.Core.Audit;

/// <summary>
/// One audited request, as it happened: who, which vault, which operation on which object, and how it
/// ended. Never a value: request and response bodies are not part of an entry.
/// </summary>
/// <param name="Status">The HTTP status answered; null for the record of an attempt a write or backup makes
/// before it runs (its outcome follows as another entry with the same request id).</param>
/// <param name="Issuer">The external issuer (<c>iss</c>) of the caller's token; null for the built-in authority or no caller.</param>
public sealed record AuditEntry(
    DateTimeOffset Time,
    string? ObjectId,
    string? ApplicationId,
    string? TenantId,
    string? Vault,
    string Operation,
    string? ObjectKind,
    string? ObjectName,
    string? ObjectVersion,
    int? Status,
    string RequestId,
    string? CorrelationId,
    string? ClientIp,
    string? Issuer = null);
