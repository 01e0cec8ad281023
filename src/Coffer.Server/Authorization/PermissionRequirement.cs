namespace Coffer.Server.Authorization;

/// <summary>
/// Endpoint metadata naming the Key Vault permission an operation needs, in access-policy terms
/// (<c>secrets</c>/<c>backup</c>, <c>keys</c>/<c>restore</c>, …), checked by <see cref="IDataPlaneAuthorizer"/>
/// before the operation does anything.
/// </summary>
public sealed record PermissionRequirement(string Area, string Permission)
{
    public override string ToString() => $"{Area}/{Permission}";
}
