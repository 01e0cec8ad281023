using System.Text.Json.Serialization;

namespace Coffer.Core.Certificates;

/// <summary>
/// A certificate's pending operation: issued (completed), waiting for a merge (inProgress, with the
/// CSR and the private key that must meet the CA's certificate), cancelled or failed. Stored sealed.
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
    IReadOnlyDictionary<string, string>? Tags)
{
    public const string InProgress = "inProgress";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";

    [JsonIgnore]
    public bool AwaitsMerge => Status == InProgress && PrivateKeyPkcs8 is not null;
}
