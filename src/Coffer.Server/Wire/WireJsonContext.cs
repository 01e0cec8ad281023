using System.Text.Json.Serialization;
using Coffer.Server.Auth;
using Coffer.Core.Certificates;
using Coffer.Core.Keys;
using Coffer.Server.Backup;
using Coffer.Server.Certificates;
using Coffer.Server.Errors;
using Coffer.Server.Events;
using Coffer.Server.Keys;
using Coffer.Server.Secrets;
using Coffer.Server.Vaults;

namespace Coffer.Server.Wire;

/// <summary>Source-generated JSON for every wire type: camelCase, nulls left out, names matched case-insensitively on input.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true,
    Converters = [typeof(Base64UrlBytesConverter)])]
[JsonSerializable(typeof(KeyVaultErrorBody))]
[JsonSerializable(typeof(VaultUpdateParameters))]
[JsonSerializable(typeof(Coffer.Server.Authorization.AccessPolicyUpdate))]
[JsonSerializable(typeof(Coffer.Server.Authorization.RoleAssignmentParameters))]
[JsonSerializable(typeof(Coffer.Server.Authorization.RoleAssignmentDescription))]
[JsonSerializable(typeof(Coffer.Server.Authorization.RoleAssignmentList))]
[JsonSerializable(typeof(Coffer.Server.Authorization.RoleDefinitionList))]
[JsonSerializable(typeof(ClientCreateParameters))]
[JsonSerializable(typeof(ClientDescription))]
[JsonSerializable(typeof(ClientList))]
[JsonSerializable(typeof(UserCreateParameters))]
[JsonSerializable(typeof(UserDescription))]
[JsonSerializable(typeof(UserList))]
[JsonSerializable(typeof(SecretSetParameters))]
[JsonSerializable(typeof(SecretUpdateParameters))]
[JsonSerializable(typeof(SecretBundle))]
[JsonSerializable(typeof(DeletedSecretBundle))]
[JsonSerializable(typeof(ListResult<SecretItem>))]
[JsonSerializable(typeof(ListResult<DeletedSecretItem>))]
[JsonSerializable(typeof(KeyCreateParameters))]
[JsonSerializable(typeof(KeyImportParameters))]
[JsonSerializable(typeof(KeyUpdateParameters))]
[JsonSerializable(typeof(KeyBundle))]
[JsonSerializable(typeof(DeletedKeyBundle))]
[JsonSerializable(typeof(ListResult<KeyItem>))]
[JsonSerializable(typeof(ListResult<DeletedKeyItem>))]
[JsonSerializable(typeof(KeyOperationsParameters))]
[JsonSerializable(typeof(KeyOperationResult))]
[JsonSerializable(typeof(KeySignParameters))]
[JsonSerializable(typeof(KeyVerifyParameters))]
[JsonSerializable(typeof(KeyVerifyResult))]
[JsonSerializable(typeof(WireRotationPolicy))]
[JsonSerializable(typeof(RandomBytesRequest))]
[JsonSerializable(typeof(RandomBytesResult))]
[JsonSerializable(typeof(BackupBlobWire))]
[JsonSerializable(typeof(BackupScheduleParameters))]
[JsonSerializable(typeof(BackupScheduleDescription))]
[JsonSerializable(typeof(BackupRunList))]
[JsonSerializable(typeof(EventSubscriptionParameters))]
[JsonSerializable(typeof(EventSubscriptionDescription))]
[JsonSerializable(typeof(EventSubscriptionList))]
[JsonSerializable(typeof(EventDeliveryList))]
[JsonSerializable(typeof(CertificateBundle))]
[JsonSerializable(typeof(DeletedCertificateBundle))]
[JsonSerializable(typeof(ListResult<CertificateItem>))]
[JsonSerializable(typeof(ListResult<DeletedCertificateItem>))]
[JsonSerializable(typeof(WireCertificateOperation))]
[JsonSerializable(typeof(CertificateCreateParameters))]
[JsonSerializable(typeof(CertificateImportParameters))]
[JsonSerializable(typeof(CertificateMergeParameters))]
[JsonSerializable(typeof(CertificateUpdateParameters))]
[JsonSerializable(typeof(CertificateOperationUpdate))]
[JsonSerializable(typeof(CertificatePolicy))]
[JsonSerializable(typeof(CertificateIssuer))]
[JsonSerializable(typeof(CertificateContacts))]
[JsonSerializable(typeof(ListResult<CertificateIssuerItem>))]
[JsonSerializable(typeof(OAuthError))]
[JsonSerializable(typeof(JsonWebKeyDocument))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(OpenIdConfiguration))]
[JsonSerializable(typeof(VaultCreateParameters))]
[JsonSerializable(typeof(VaultDescription))]
[JsonSerializable(typeof(VaultList))]
[JsonSerializable(typeof(Coffer.Server.SecurityDomain.SecurityDomainDownloadParameters))]
[JsonSerializable(typeof(Coffer.Server.SecurityDomain.ProtectionKeyCreateParameters))]
[JsonSerializable(typeof(Coffer.Core.Backup.SecurityDomain.SecurityDomainStatus))]
[JsonSerializable(typeof(Coffer.Core.Backup.SecurityDomain.SecurityDomainImport))]
[JsonSerializable(typeof(Coffer.Core.Backup.SecurityDomain.ProtectionKeyListing))]
internal sealed partial class WireJsonContext : JsonSerializerContext;
