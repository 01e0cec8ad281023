using System.Text.Json.Serialization;

namespace Coffer.Core.Certificates;

/// <summary>
/// A certificate's pending operation: issued (completed), waiting for a merge (inProgress, with the
/// CSR and the private key that must meet the CA's certificate), cancelled or failed. Stored sealed.
/// <see cref="Version"/> is the id the certificate version gets when the operation completes; <see cref="IssuesAt"/>,
/// when a self-signed create is kept in progress (<see cref="OperationTiming"/>), the moment it is issued.
/// </summary>
public sealed record CertificateOperation(
    string Status,
    string IssuerName,
    byte[]? Csr,
    bool CancellationRequested,
    string? Target,
    string? StatusDetails,
    string? ErrorCode,
    string? ErrorMessage,
    byte[]? PrivateKeyPkcs8,
    string? KeyType,
    bool? Enabled,
    IReadOnlyDictionary<string, string>? Tags,
    string? Version = null,
    DateTimeOffset? Created = null,
    bool? PreserveCertOrder = null,
    DateTimeOffset? IssuesAt = null)
{
    public const string InProgress = "inProgress";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";

    /// <summary>Deleted before it completed: the operation is gone, the certificate stays as Azure keeps it (disabled, no version).</summary>
    public const string Removed = "removed";

    /// <summary>A CSR waiting for the CA's certificate; a self-signed create kept in progress (<see cref="IssuesAt"/>) waits for no merge.</summary>
    [JsonIgnore]
    public bool AwaitsMerge => Status == InProgress && PrivateKeyPkcs8 is not null && IssuesAt is null;
}
