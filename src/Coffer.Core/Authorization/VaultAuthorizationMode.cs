namespace Coffer.Core.Authorization;

/// <summary>How a vault decides data-plane access: Azure's <c>enableRbacAuthorization</c> false (access policies) or true (RBAC).</summary>
public enum VaultAuthorizationMode
{
    AccessPolicies = 0,
    Rbac = 1,
}
