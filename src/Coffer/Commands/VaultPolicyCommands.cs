using System.CommandLine;
using Coffer.Client.Management;

namespace Coffer.Cli.Commands;

/// <summary><c>coffer vault set-policy|delete-policy</c>: a vault's access policies.</summary>
internal static class VaultPolicyCommands
{
    public static Command SetPolicy(ManagementConnection connection)
    {
        var name = new Option<string>("--name") { Description = "Vault name.", Required = true };
        var objectId = new Option<string>("--object-id") { Description = "Object id of the principal (coffer client list shows it).", Required = true };
        var issuer = IssuerOption();
        var keys = Permissions("--key-permissions", "keys");
        var secrets = Permissions("--secret-permissions", "secrets");
        var certificates = Permissions("--certificate-permissions", "certificates");
        var setPolicy = new Command("set-policy", "Set a principal's permissions; lists not given are left as they are.")
        {
            name, objectId, issuer, keys, secrets, certificates,
        };
        setPolicy.Validators.Add(result =>
        {
            if (result.GetResult(keys) is null && result.GetResult(secrets) is null && result.GetResult(certificates) is null)
            {
                result.AddError("Give at least one of --key-permissions, --secret-permissions, --certificate-permissions.");
            }
        });
        setPolicy.SetAction((result, cancellationToken) => connection.RunAsync(result, async client =>
        {
            var entry = new AccessPolicyInfo(null, result.GetValue(objectId)!,
                new AccessPolicyPermissionsInfo(Given(result, keys), Given(result, secrets), Given(result, certificates)), result.GetValue(issuer));
            var policies = await client.UpdateAccessPoliciesAsync(result.GetValue(name)!, "replace", [entry], cancellationToken);
            var set = policies.FirstOrDefault(p => string.Equals(p.ObjectId, entry.ObjectId, StringComparison.OrdinalIgnoreCase) && p.Issuer == entry.Issuer?.Trim());
            Console.WriteLine(set?.Permissions is { } p
                ? $"{entry.ObjectId} on {result.GetValue(name)}: keys [{string.Join(' ', p.Keys ?? [])}] secrets [{string.Join(' ', p.Secrets ?? [])}] certificates [{string.Join(' ', p.Certificates ?? [])}]"
                : $"{entry.ObjectId} has no permissions on {result.GetValue(name)}.");
        }));
        return setPolicy;
    }

    public static Command DeletePolicy(ManagementConnection connection)
    {
        var name = new Option<string>("--name") { Description = "Vault name.", Required = true };
        var objectId = new Option<string>("--object-id") { Description = "Object id whose access policy entry to remove.", Required = true };
        var issuer = IssuerOption();
        var deletePolicy = new Command("delete-policy", "Remove a principal's access policy entry.") { name, objectId, issuer };
        deletePolicy.SetAction((result, cancellationToken) => connection.RunAsync(result, async client =>
        {
            await client.UpdateAccessPoliciesAsync(result.GetValue(name)!, "remove",
                [new AccessPolicyInfo(null, result.GetValue(objectId)!, null, result.GetValue(issuer))], cancellationToken);
            Console.WriteLine($"Removed the access policy of {result.GetValue(objectId)} from {result.GetValue(name)}.");
        }));
        return deletePolicy;
    }

    private static Option<string> IssuerOption() =>
        new("--issuer") { Description = "The external issuer (its iss) whose principal --object-id is; omit for a Coffer client." };

    private static Option<string[]> Permissions(string option, string area) => new(option)
    {
        Description = $"Permissions on {area} (space-separated, or 'all'); an empty list removes them all.",
        AllowMultipleArgumentsPerToken = true,
        Arity = ArgumentArity.ZeroOrMore,
    };

    private static string[]? Given(ParseResult result, Option<string[]> option) =>
        result.GetResult(option) is null ? null : result.GetValue(option) ?? [];
}
