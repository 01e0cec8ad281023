namespace Coffer.Core.Storage.Transfer;

/// <summary>The tables of a Coffer database, in the order a copy writes them (a row only refers to rows of earlier tables).</summary>
public enum StorageTable
{
    Settings,
    Keyring,
    Clients,
    Users,
    Vaults,
    AccessPolicies,
    RoleAssignments,
    Objects,
    Versions,
    AuditLog,
}
