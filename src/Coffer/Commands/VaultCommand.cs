using System.CommandLine;
using Coffer.Client.Management;

namespace Coffer.Cli.Commands;

/// <summary>
/// <c>coffer vault create|list|delete|update|set-policy|delete-policy|event-subscription</c> through the management API, as an admin
/// client (AZURE_* variables), worded as <c>az keyvault</c>; and <c>coffer vault copy</c> between any two Key Vault endpoints.
/// </summary>
internal static class VaultCommand
{
    public static Command Create()
    {
        var connection = new ManagementConnection();
        var name = new Option<string>("--name") { Description = "Vault name (3-24 letters, digits, hyphens).", Required = true };
        var location = new Option<string?>("--location") { Description = "Azure location, e.g. westeurope (default: the server's)." };
        var subscription = new Option<string?>("--subscription") { Description = "Subscription id (default: the server's)." };
        var tenant = new Option<string?>("--tenant") { Description = "Tenant id (default: the server's)." };
        var retention = new Option<int?>("--retention-days") { Description = "Soft-delete retention, 7-90 days." };
        var purgeProtection = new Option<bool>("--enable-purge-protection") { Description = "Forbid purging deleted objects." };
        var rbac = new Option<bool>("--enable-rbac-authorization") { Description = "Use RBAC (role assignments) instead of access policies." };

        var create = new Command("create", "Create a vault. With access policies (the default) the caller gets every permission.")
        {
            name, location, subscription, tenant, retention, purgeProtection, rbac,
        };
        create.SetAction((result, cancellationToken) => connection.RunAsync(result, async client =>
        {
            var vault = await client.CreateVaultAsync(new VaultCreateRequest(result.GetValue(name)!, result.GetValue(location),
                result.GetValue(subscription), result.GetValue(tenant), result.GetValue(retention),
                result.GetValue(purgeProtection) ? true : null, result.GetValue(rbac) ? true : null), cancellationToken);
            Console.WriteLine($"Created {vault.Name}: {vault.VaultUri} ({vault.Location}, {vault.Geography}, subscription {vault.SubscriptionId}, {Mode(vault)})");
        }));

        var list = new Command("list", "List vaults.");
        list.SetAction((result, cancellationToken) => connection.RunAsync(result, async client =>
        {
            foreach (var vault in await client.ListVaultsAsync(cancellationToken))
            {
                Console.WriteLine($"{vault.Name,-24} {vault.Location,-16} {vault.Geography,-14} {vault.SubscriptionId} {vault.VaultUri} {Mode(vault)}");
            }
        }));

        var deleteName = new Option<string>("--name") { Description = "Vault to delete, with everything in it.", Required = true };
        var delete = new Command("delete", "Delete a vault and every object in it.") { deleteName };
        delete.SetAction((result, cancellationToken) => connection.RunAsync(result, async client =>
        {
            await client.DeleteVaultAsync(result.GetValue(deleteName)!, cancellationToken);
            Console.WriteLine($"Deleted {result.GetValue(deleteName)}.");
        }));

        var command = new Command("vault", "Manage the vaults of a Coffer server.")
        {
            create, list, delete, VaultUpdateCommand.Create(connection), VaultPolicyCommands.SetPolicy(connection), VaultPolicyCommands.DeletePolicy(connection),
            VaultCopyCommand.Create(), EventSubscriptionCommand.Create(connection),
        };
        return connection.AddTo(command);
    }

    public static string Mode(VaultInfo vault) => vault.EnableRbacAuthorization ? "RBAC" : "access policies";
}
