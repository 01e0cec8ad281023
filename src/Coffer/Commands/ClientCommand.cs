using System.CommandLine;

namespace Coffer.Cli.Commands;

/// <summary><c>coffer client create|list|delete</c>: clients (service principals) of the built-in token issuer.</summary>
internal static class ClientCommand
{
    public static Command Create()
    {
        var connection = new ManagementConnection();
        var name = new Option<string>("--name") { Description = "Display name of the client, e.g. ci-bot.", Required = true };
        var admin = new Option<bool>("--admin") { Description = "The client may also use the management API (vaults, clients, access)." };
        var create = new Command("create", "Register a client; its secret is shown once.") { name, admin };
        create.SetAction((result, cancellationToken) => connection.RunAsync(result, async client =>
        {
            var created = await client.CreateClientAsync(result.GetValue(name)!, result.GetValue(admin), cancellationToken);
            Console.WriteLine($"Created client {created.DisplayName}{(created.IsAdmin ? " (admin)" : string.Empty)}: object id {created.ObjectId}.");
            Console.WriteLine("The secret is shown only now; Coffer keeps only its hash.");
            Console.WriteLine($"export AZURE_TENANT_ID={created.TenantId}");
            Console.WriteLine($"export AZURE_CLIENT_ID={created.ClientId}");
            Console.WriteLine($"export AZURE_CLIENT_SECRET={created.Secret}");
            Console.WriteLine($"export AZURE_AUTHORITY_HOST={connection.Server(result)}");
            Console.WriteLine($"# grant it access: coffer vault set-policy --name VAULT --object-id {created.ObjectId} --secret-permissions get list");
        }));

        var list = new Command("list", "List clients (never their secrets).");
        list.SetAction((result, cancellationToken) => connection.RunAsync(result, async client =>
        {
            foreach (var c in await client.ListClientsAsync(cancellationToken))
            {
                Console.WriteLine($"{c.DisplayName,-24} client id {c.ClientId}  object id {c.ObjectId}{(c.IsAdmin ? "  admin" : string.Empty)}");
            }
        }));

        var clientId = new Option<string>("--client-id") { Description = "Client id of the client to delete.", Required = true };
        var delete = new Command("delete", "Delete a client: it gets no new tokens (issued ones live until they expire).") { clientId };
        delete.SetAction((result, cancellationToken) => connection.RunAsync(result, async client =>
        {
            await client.DeleteClientAsync(result.GetValue(clientId)!, cancellationToken);
            Console.WriteLine($"Deleted client {result.GetValue(clientId)}.");
        }));

        return connection.AddTo(new Command("client", "Manage the clients (service principals) of a Coffer server.") { create, list, delete });
    }
}
