using Azure.Security.KeyVault.Secrets;

namespace Coffer.Server.Tests.Authorization;

/// <summary>Every Secrets API operation, through SecretClient.</summary>
internal static class SecretOperationCases
{
    public static IEnumerable<OperationCase> All() =>
    [
        new("secrets/set", "secrets", "set", (_, caller, name) => caller.Secrets.SetSecretAsync(name, "v")),
        new("secrets/get", "secrets", "get", async (admin, caller, name) =>
        {
            await admin.Secrets.SetSecretAsync(name, "v");
            await caller.Secrets.GetSecretAsync(name);
        }),
        new("secrets/update", "secrets", "set", async (admin, caller, name) =>
        {
            KeyVaultSecret secret = await admin.Secrets.SetSecretAsync(name, "v");
            secret.Properties.ContentType = "text/plain";
            await caller.Secrets.UpdateSecretPropertiesAsync(secret.Properties);
        }, DataAction: Core.Authorization.DataPlanePermissions.SecretUpdateDataAction),
        new("secrets/list", "secrets", "list", (_, caller, _) => OperationCase.Drain(caller.Secrets.GetPropertiesOfSecretsAsync())),
        new("secrets/listVersions", "secrets", "list", async (admin, caller, name) =>
        {
            await admin.Secrets.SetSecretAsync(name, "v");
            await OperationCase.Drain(caller.Secrets.GetPropertiesOfSecretVersionsAsync(name));
        }),
        new("secrets/delete", "secrets", "delete", async (admin, caller, name) =>
        {
            await admin.Secrets.SetSecretAsync(name, "v");
            await caller.Secrets.StartDeleteSecretAsync(name);
        }),
        new("secrets/listDeleted", "secrets", "list", (_, caller, _) => OperationCase.Drain(caller.Secrets.GetDeletedSecretsAsync())),
        new("secrets/getDeleted", "secrets", "get", async (admin, caller, name) =>
        {
            await DeletedAsync(admin, name);
            await caller.Secrets.GetDeletedSecretAsync(name);
        }, DataAction: Core.Authorization.DataPlanePermissions.SecretReadMetadataDataAction),
        new("secrets/purge", "secrets", "purge", async (admin, caller, name) =>
        {
            await DeletedAsync(admin, name);
            await caller.Secrets.PurgeDeletedSecretAsync(name);
        }),
        new("secrets/recover", "secrets", "recover", async (admin, caller, name) =>
        {
            await DeletedAsync(admin, name);
            await caller.Secrets.StartRecoverDeletedSecretAsync(name);
        }),
        new("secrets/backup", "secrets", "backup", async (admin, caller, name) =>
        {
            await admin.Secrets.SetSecretAsync(name, "v");
            await caller.Secrets.BackupSecretAsync(name);
        }),
        new("secrets/restore", "secrets", "restore", async (admin, caller, name) =>
        {
            await admin.Secrets.SetSecretAsync(name, "v");
            byte[] blob = await admin.Secrets.BackupSecretAsync(name);
            await DeletedAsync(admin, name, alreadySet: true);
            await admin.Secrets.PurgeDeletedSecretAsync(name);
            await caller.Secrets.RestoreSecretBackupAsync(blob);
        }),
    ];

    private static async Task DeletedAsync(Actor admin, string name, bool alreadySet = false)
    {
        if (!alreadySet)
        {
            await admin.Secrets.SetSecretAsync(name, "v");
        }

        await admin.Secrets.StartDeleteSecretAsync(name);
    }
}
