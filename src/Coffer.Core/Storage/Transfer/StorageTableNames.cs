namespace Coffer.Core.Storage.Transfer;

public static class StorageTableNames
{
    /// <summary>What the table holds, in words for messages and reports.</summary>
    public static string Label(this StorageTable table) => table switch
    {
        StorageTable.Settings => "settings",
        StorageTable.Keyring => "keyring keys",
        StorageTable.Clients => "clients",
        StorageTable.Users => "users",
        StorageTable.Vaults => "vaults",
        StorageTable.AccessPolicies => "access policies",
        StorageTable.RoleAssignments => "role assignments",
        StorageTable.Objects => "objects",
        StorageTable.Versions => "versions",
        StorageTable.AuditLog => "audit entries",
        _ => throw new ArgumentOutOfRangeException(nameof(table)),
    };
}
