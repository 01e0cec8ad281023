using System.Text.Json.Serialization;
using Coffer.Core.Certificates;
using Coffer.Server.Wire;

namespace Coffer.Server.Certificates;

/// <summary>A certificate version; for a certificate still pending, only id, attributes, policy and <c>pending</c>.</summary>
public sealed record CertificateBundle(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("kid")] string? Kid,
    [property: JsonPropertyName("sid")] string? Sid,
    [property: JsonPropertyName("x5t")] string? X5t,
    [property: JsonPropertyName("cer")] string? Cer,
    [property: JsonPropertyName("contentType")] string? ContentType,
    [property: JsonPropertyName("attributes")] WireAttributes Attributes,
    [property: JsonPropertyName("tags")] IReadOnlyDictionary<string, string>? Tags,
    [property: JsonPropertyName("policy")] CertificatePolicy? Policy,
    [property: JsonPropertyName("pending")] PendingReference? Pending = null,
    [property: JsonPropertyName("preserveCertOrder")] bool? PreserveCertOrder = null);

public sealed record PendingReference([property: JsonPropertyName("id")] string Id);

public sealed record DeletedCertificateBundle(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("kid")] string? Kid,
    [property: JsonPropertyName("sid")] string? Sid,
    [property: JsonPropertyName("x5t")] string? X5t,
    [property: JsonPropertyName("cer")] string? Cer,
    [property: JsonPropertyName("contentType")] string? ContentType,
    [property: JsonPropertyName("attributes")] WireAttributes Attributes,
    [property: JsonPropertyName("tags")] IReadOnlyDictionary<string, string>? Tags,
    [property: JsonPropertyName("policy")] CertificatePolicy? Policy,
    [property: JsonPropertyName("recoveryId")] string RecoveryId,
    [property: JsonPropertyName("deletedDate")] long DeletedDate,
    [property: JsonPropertyName("scheduledPurgeDate")] long ScheduledPurgeDate,
    [property: JsonPropertyName("preserveCertOrder")] bool? PreserveCertOrder = null);

public sealed record CertificateItem(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("attributes")] WireAttributes Attributes,
    [property: JsonPropertyName("tags")] IReadOnlyDictionary<string, string>? Tags,
    [property: JsonPropertyName("x5t")] string? X5t);

public sealed record DeletedCertificateItem(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("attributes")] WireAttributes Attributes,
    [property: JsonPropertyName("tags")] IReadOnlyDictionary<string, string>? Tags,
    [property: JsonPropertyName("x5t")] string? X5t,
    [property: JsonPropertyName("recoveryId")] string RecoveryId,
    [property: JsonPropertyName("deletedDate")] long DeletedDate,
    [property: JsonPropertyName("scheduledPurgeDate")] long ScheduledPurgeDate);

public sealed record WireCertificateOperation(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("issuer")] IssuerParameters Issuer,
    [property: JsonPropertyName("csr")] string? Csr,
    [property: JsonPropertyName("cancellation_requested")] bool CancellationRequested,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("status_details")] string? StatusDetails,
    [property: JsonPropertyName("error")] WireOperationError? Error,
    [property: JsonPropertyName("target")] string? Target,
    [property: JsonPropertyName("request_id")] string RequestId,
    [property: JsonPropertyName("preserveCertOrder")] bool? PreserveCertOrder = null);

public sealed record WireOperationError(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message);

public sealed record CertificateCreateParameters(
    [property: JsonPropertyName("policy")] CertificatePolicy? Policy,
    [property: JsonPropertyName("attributes")] WireAttributes? Attributes,
    [property: JsonPropertyName("tags")] Dictionary<string, string>? Tags,
    [property: JsonPropertyName("preserveCertOrder")] bool? PreserveCertOrder = null);

public sealed record CertificateImportParameters(
    [property: JsonPropertyName("value")] string? Value,
    [property: JsonPropertyName("pwd")] string? Password,
    [property: JsonPropertyName("policy")] CertificatePolicy? Policy,
    [property: JsonPropertyName("attributes")] WireAttributes? Attributes,
    [property: JsonPropertyName("tags")] Dictionary<string, string>? Tags,
    [property: JsonPropertyName("preserveCertOrder")] bool? PreserveCertOrder = null);

public sealed record CertificateMergeParameters(
    [property: JsonPropertyName("x5c")] IReadOnlyList<byte[]>? X5c,
    [property: JsonPropertyName("attributes")] WireAttributes? Attributes,
    [property: JsonPropertyName("tags")] Dictionary<string, string>? Tags);

public sealed record CertificateUpdateParameters(
    [property: JsonPropertyName("policy")] CertificatePolicy? Policy,
    [property: JsonPropertyName("attributes")] WireAttributes? Attributes,
    [property: JsonPropertyName("tags")] Dictionary<string, string>? Tags);

public sealed record CertificateOperationUpdate(
    [property: JsonPropertyName("cancellation_requested")] bool? CancellationRequested);
