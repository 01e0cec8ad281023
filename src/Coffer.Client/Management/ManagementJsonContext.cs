using System.Text.Json.Serialization;

namespace Coffer.Client.Management;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(VaultInfo))]
[JsonSerializable(typeof(VaultCreateRequest))]
[JsonSerializable(typeof(VaultListResponse))]
[JsonSerializable(typeof(VaultUpdateRequest))]
[JsonSerializable(typeof(AccessPolicyUpdateRequest))]
[JsonSerializable(typeof(ClientInfo))]
[JsonSerializable(typeof(ClientCreateRequest))]
[JsonSerializable(typeof(ClientListResponse))]
[JsonSerializable(typeof(UserInfo))]
[JsonSerializable(typeof(UserCreateRequest))]
[JsonSerializable(typeof(UserListResponse))]
[JsonSerializable(typeof(RoleAssignmentInfo))]
[JsonSerializable(typeof(RoleAssignmentRequest))]
[JsonSerializable(typeof(RoleAssignmentListResponse))]
[JsonSerializable(typeof(RoleDefinitionListResponse))]
[JsonSerializable(typeof(SecurityDomainDownloadRequest))]
[JsonSerializable(typeof(ProtectionKeyCreateRequest))]
[JsonSerializable(typeof(Coffer.Core.Backup.SecurityDomain.SecurityDomainImport))]
[JsonSerializable(typeof(Coffer.Core.Backup.SecurityDomain.SecurityDomainStatus))]
[JsonSerializable(typeof(Coffer.Core.Backup.SecurityDomain.ProtectionKeyListing))]
[JsonSerializable(typeof(BackupScheduleInfo))]
[JsonSerializable(typeof(BackupScheduleRequest))]
[JsonSerializable(typeof(BackupRunListResponse))]
[JsonSerializable(typeof(EventSubscriptionInfo))]
[JsonSerializable(typeof(EventSubscriptionRequest))]
[JsonSerializable(typeof(EventSubscriptionListResponse))]
[JsonSerializable(typeof(EventDeliveryListResponse))]
internal sealed partial class ManagementJsonContext : JsonSerializerContext;
