using System.Text.Json.Serialization;

namespace Coffer.Server.ResourceManager;

/// <summary>Source-generated JSON for Resource Manager's wire types: camelCase, nulls left out, names matched case-insensitively on input.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(ResourceList<SubscriptionResource>))]
[JsonSerializable(typeof(SubscriptionResource))]
[JsonSerializable(typeof(ResourceList<TenantResource>))]
[JsonSerializable(typeof(ResourceList<ResourceGroupResource>))]
[JsonSerializable(typeof(ResourceGroupResource))]
[JsonSerializable(typeof(ResourceList<GenericResource>))]
[JsonSerializable(typeof(ResourceList<ArmVault>))]
[JsonSerializable(typeof(ArmVault))]
[JsonSerializable(typeof(VaultAccessPolicyParameters))]
[JsonSerializable(typeof(CheckNameAvailabilityParameters))]
[JsonSerializable(typeof(CheckNameAvailabilityResult))]
[JsonSerializable(typeof(ResourceList<ServicePrincipal>))]
internal sealed partial class ResourceManagerJsonContext : JsonSerializerContext;
