namespace Coffer.Server.Audit;

/// <summary>
/// Endpoint metadata naming an endpoint's operation where the route would not (<c>UserSignIn</c>, <c>PortalSignIn</c>,
/// <c>SecretDeleteConfirm</c>), and auditing it even outside the data plane, the portal and management: as
/// <see cref="AuditMode.Read"/> unless it declares a mode, under the vault of its route only (never the host's).
/// </summary>
internal sealed record AuditedAs(string Operation, string ObjectKind)
{
    public AuditOperation Named => new(Operation, ObjectKind);
}
