namespace Coffer.Core.Backup.SecurityDomain;

/// <summary>
/// A downloaded security domain (docs/security-domain.md): the backup protection keys of a deployment, encrypted
/// under a key derived from a secret that is split with Shamir into one share per operator certificate.
/// <see cref="Mac"/> authenticates every other member; it is checked once a quorum of shares gives the secret back.
/// </summary>
public sealed record SecurityDomainDocument(
    string Format,
    string Id,
    DateTimeOffset Created,
    int Quorum,
    IReadOnlyList<SecurityDomainShare> Shares,
    IReadOnlyList<ProtectionKeyListing> ProtectionKeys,
    string Keys,
    string? Mac,
    PassphraseShare? Passphrase = null);

/// <summary>
/// One operator's share: the certificate it is encrypted to, a commitment to its plaintext (SHA-256, so a wrong share is
/// named before recombination) and the compact JWE that holds it.
/// </summary>
public sealed record SecurityDomainShare(int Index, OperatorCertificateInfo Certificate, string Commitment, string Jwe);

/// <summary>Which certificate a share is encrypted to: its subject, SHA-256 thumbprint and the SHA-256 of its public key (hex).</summary>
public sealed record OperatorCertificateInfo(string Subject, string Thumbprint, string PublicKeySha256, string KeyType);

/// <summary>A protection key the document holds, without its material.</summary>
public sealed record ProtectionKeyListing(string Id, string SubscriptionId, string Geography);

/// <summary>
/// Instead of shares, for a single operator (weaker than a quorum: one secret opens it): the secret encrypted under an
/// Argon2id key of a passphrase, with the Argon2id parameters and salt.
/// </summary>
public sealed record PassphraseShare(string Kdf, string Salt, int MemoryKiB, int Iterations, int Parallelism, string Jwe);

/// <summary>A share as recovered by an operator's private key, sent back on upload.</summary>
public sealed record RecoveredShare(int Index, byte[] Value);

/// <summary>The body of an upload: the document and the shares a quorum of operators recovered from it.</summary>
public sealed record SecurityDomainUpload(SecurityDomainDocument Document, IReadOnlyList<RecoveredShare> Shares);
