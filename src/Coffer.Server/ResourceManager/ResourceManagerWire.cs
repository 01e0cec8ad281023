namespace Coffer.Server.ResourceManager;

/// <summary>ARM's list envelope, <c>{"value":[…]}</c>; Coffer answers every list in one page.</summary>
public sealed record ResourceList<T>(IReadOnlyList<T> Value);

public sealed record SubscriptionResource(
    string Id,
    string SubscriptionId,
    string TenantId,
    string DisplayName,
    string State,
    SubscriptionPolicies SubscriptionPolicies,
    string AuthorizationSource,
    IReadOnlyList<string> ManagedByTenants);

public sealed record SubscriptionPolicies(string LocationPlacementId, string QuotaId, string SpendingLimit);

public sealed record TenantResource(string Id, string TenantId, string TenantCategory, string DisplayName);

public sealed record ResourceGroupResource(string Id, string Name, string Type, string Location, ResourceGroupProperties Properties);

public sealed record ResourceGroupProperties(string ProvisioningState);

/// <summary>An item of <c>GET /subscriptions/{id}/resources</c> (what <c>az keyvault list</c> and <c>show</c> read).</summary>
public sealed record GenericResource(string Id, string Name, string Type, string Location, IReadOnlyDictionary<string, string> Tags);

public sealed record CheckNameAvailabilityParameters(string? Name, string? Type);

public sealed record CheckNameAvailabilityResult(bool NameAvailable, string? Reason = null, string? Message = null);

/// <summary>A Coffer client as Microsoft Graph shows a service principal.</summary>
public sealed record ServicePrincipal(string Id, string AppId, string DisplayName, IReadOnlyList<string> ServicePrincipalNames, string ServicePrincipalType, bool AccountEnabled);
