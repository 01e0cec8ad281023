using Coffer.Core.Errors;

namespace Coffer.Core.Backup.SecurityDomain;

/// <summary>Why a security domain is refused. Nothing is imported on any of them.</summary>
public static class SecurityDomainErrors
{
    public const string InvalidCode = "InvalidSecurityDomain";

    public static KeyVaultException Invalid(string detail) => new(400, InvalidCode, $"The security domain is invalid: {detail}");

    public static KeyVaultException QuorumNotMet(int given, int quorum) =>
        new(400, "SecurityDomainQuorumNotMet", $"The security domain needs {quorum} shares and {given} were given.");

    public static KeyVaultException BadRequest(string message) => new(400, "BadParameter", message);

    public static KeyVaultException KeyConflict(string keyId) =>
        new(409, "BackupProtectionKeyConflict",
            $"Backup protection key {keyId} already exists in this deployment with other key material; the security domain was not imported.");
}
