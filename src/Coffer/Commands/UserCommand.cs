using System.CommandLine;

namespace Coffer.Cli.Commands;

/// <summary><c>coffer user create|list|delete</c>: people who sign in to the portal (principals like clients, with a password).</summary>
internal static class UserCommand
{
    public static Command Create()
    {
        var connection = new ManagementConnection();
        var name = new Option<string>("--name") { Description = "Sign-in name, e.g. alice (letters, digits, . _ - @).", Required = true };
        var displayName = new Option<string?>("--display-name") { Description = "Name shown in the portal; the sign-in name when omitted." };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input (first line); otherwise one is made and shown once." };
        var admin = new Option<bool>("--admin") { Description = "The user may also create vaults (as an admin client may)." };
        var create = new Command("create", "Create a user who signs in to the portal.") { name, displayName, passwordStdin, admin };
        create.SetAction((result, cancellationToken) => connection.RunAsync(result, async client =>
        {
            var password = result.GetValue(passwordStdin) ? await Console.In.ReadLineAsync(cancellationToken) ?? string.Empty : null;
            var created = await client.CreateUserAsync(result.GetValue(name)!, result.GetValue(displayName), password, result.GetValue(admin), cancellationToken);
            Console.WriteLine($"Created user {created.UserName}{(created.IsAdmin ? " (admin)" : string.Empty)}: object id {created.ObjectId}.");
            if (created.Password is not null)
            {
                Console.WriteLine("The password is shown only now; Coffer keeps only its hash.");
                Console.WriteLine($"password: {created.Password}");
            }

            Console.WriteLine($"Sign in at {connection.Server(result)}/portal");
            Console.WriteLine($"# grant access: coffer vault set-policy --name VAULT --object-id {created.ObjectId} --secret-permissions get list");
        }));

        var list = new Command("list", "List users (never their passwords).");
        list.SetAction((result, cancellationToken) => connection.RunAsync(result, async client =>
        {
            foreach (var u in await client.ListUsersAsync(cancellationToken))
            {
                Console.WriteLine($"{u.UserName,-24} {u.DisplayName,-24} object id {u.ObjectId}{(u.IsAdmin ? "  admin" : string.Empty)}");
            }
        }));

        var deleteName = new Option<string>("--name") { Description = "Sign-in name of the user to delete.", Required = true };
        var delete = new Command("delete", "Delete a user: they can no longer sign in (a portal session ends at its next request).") { deleteName };
        delete.SetAction((result, cancellationToken) => connection.RunAsync(result, async client =>
        {
            await client.DeleteUserAsync(result.GetValue(deleteName)!, cancellationToken);
            Console.WriteLine($"Deleted user {result.GetValue(deleteName)}.");
        }));

        return connection.AddTo(new Command("user", "Manage the users who sign in to a Coffer server's portal.") { create, list, delete });
    }
}
