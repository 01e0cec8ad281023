using System.CommandLine;

namespace Coffer.Cli.Commands;

/// <summary><c>coffer role assignment create|list|delete</c> and <c>coffer role definition list</c>, for vaults that use RBAC.</summary>
internal static class RoleCommand
{
    public static Command Create()
    {
        var connection = new ManagementConnection();
        var vault = new Option<string>("--vault") { Description = "Vault the assignment is scoped to.", Required = true };
        var role = new Option<string>("--role") { Description = "Role name (\"Key Vault Secrets User\") or id.", Required = true };
        var assignee = new Option<string>("--assignee") { Description = "Object id, or client id of a Coffer client.", Required = true };
        var issuer = new Option<string>("--assignee-issuer") { Description = "The external issuer (its iss) whose principal --assignee is; omit for a Coffer client." };
        var create = new Command("create", "Assign a role to a principal at a vault's scope.") { role, assignee, issuer, vault };
        create.SetAction((result, cancellationToken) => connection.RunAsync(result, async client =>
        {
            var assignment = await client.CreateRoleAssignmentAsync(result.GetValue(vault)!, result.GetValue(role)!, result.GetValue(assignee)!, cancellationToken,
                result.GetValue(issuer));
            Console.WriteLine($"Assigned {assignment.RoleName} to {assignment.PrincipalId} on {result.GetValue(vault)} (assignment {assignment.Id}).");
        }));

        var list = new Command("list", "List a vault's role assignments.") { vault };
        list.SetAction((result, cancellationToken) => connection.RunAsync(result, async client =>
        {
            foreach (var assignment in await client.ListRoleAssignmentsAsync(result.GetValue(vault)!, cancellationToken))
            {
                Console.WriteLine($"{assignment.Id}  {assignment.RoleName,-42} {assignment.PrincipalId}{(assignment.PrincipalIssuer is { } iss ? " (" + iss + ")" : string.Empty)}");
            }
        }));

        var id = new Option<string>("--id") { Description = "Role assignment id.", Required = true };
        var delete = new Command("delete", "Remove a role assignment.") { vault, id };
        delete.SetAction((result, cancellationToken) => connection.RunAsync(result, async client =>
        {
            await client.DeleteRoleAssignmentAsync(result.GetValue(vault)!, result.GetValue(id)!, cancellationToken);
            Console.WriteLine($"Deleted role assignment {result.GetValue(id)}.");
        }));

        var definitions = new Command("list", "List the built-in roles and their data actions.");
        definitions.SetAction((result, cancellationToken) => connection.RunAsync(result, async client =>
        {
            foreach (var definition in await client.ListRoleDefinitionsAsync(cancellationToken))
            {
                Console.WriteLine($"{definition.RoleName,-42} {definition.Id}  {string.Join(' ', definition.DataActions)}");
            }
        }));

        return connection.AddTo(new Command("role", "Manage role assignments of vaults that use RBAC.")
        {
            new Command("assignment", "Role assignments.") { create, list, delete },
            new Command("definition", "Role definitions.") { definitions },
        });
    }
}
