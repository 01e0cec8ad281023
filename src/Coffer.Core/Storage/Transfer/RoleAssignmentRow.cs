namespace Coffer.Core.Storage.Transfer;

/// <summary>A role assignment; <see cref="PrincipalIssuer"/> '' for the built-in authority.</summary>
public sealed record RoleAssignmentRow(
    string Id,
    string Vault,
    string RoleDefinitionId,
    string PrincipalId,
    string PrincipalIssuer,
    string Scope,
    DateTimeOffset CreatedOn) : StorageRow
{
    public override StorageTable Table => StorageTable.RoleAssignments;

    internal override void AddTo(RowDigest digest) =>
        digest.Add(Id).Add(Vault).Add(RoleDefinitionId).Add(PrincipalId).Add(PrincipalIssuer).Add(Scope).Add(CreatedOn);
}
