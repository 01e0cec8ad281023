using System.CommandLine;
using Coffer.Client.Management;

namespace Coffer.Cli.Commands;

/// <summary><c>coffer vault event-subscription create|list|delete|deliveries</c>: where a vault's events are sent, and how sending went.</summary>
internal static class EventSubscriptionCommand
{
    public static Command Create(ManagementConnection connection)
    {
        var command = new Command("event-subscription", "Send a vault's Key Vault events (Event Grid or CloudEvents JSON) to a webhook.")
        {
            CreateCommand(connection), ListCommand(connection), DeleteCommand(connection), DeliveriesCommand(connection),
        };
        return command;
    }

    private static Command CreateCommand(ManagementConnection connection)
    {
        var vault = VaultOption();
        var name = NameOption();
        var endpoint = new Option<string>("--endpoint") { Description = "The webhook URL: https (http only on a loopback address).", Required = true };
        var types = new Option<string[]>("--event-types")
        {
            Description = "Event types to send, e.g. SecretNewVersionCreated KeyNearExpiry (default: all).",
            AllowMultipleArgumentsPerToken = true,
        };
        var schema = new Option<string?>("--schema") { Description = "EventGridSchema (default) or CloudEventSchemaV1_0." };
        var secret = new Option<string?>("--secret") { Description = "Shared secret: each delivery carries Coffer-Signature: sha256=<HMAC of the body>." };
        var create = new Command("create", "Create or replace an event subscription.") { vault, name, endpoint, types, schema, secret };
        create.SetAction((result, cancellationToken) => connection.RunAsync(result, async client =>
        {
            var given = result.GetValue(types);
            var subscription = await client.SetEventSubscriptionAsync(result.GetValue(vault)!, result.GetValue(name)!,
                new EventSubscriptionRequest(result.GetValue(endpoint)!, given is { Length: > 0 } ? given : null, result.GetValue(schema), result.GetValue(secret)),
                cancellationToken);
            Console.WriteLine($"Subscribed {subscription.Name} on {subscription.Vault}: {Describe(subscription)}");
        }));
        return create;
    }

    private static Command ListCommand(ManagementConnection connection)
    {
        var vault = VaultOption();
        var list = new Command("list", "List a vault's event subscriptions.") { vault };
        list.SetAction((result, cancellationToken) => connection.RunAsync(result, async client =>
        {
            foreach (var subscription in await client.ListEventSubscriptionsAsync(result.GetValue(vault)!, cancellationToken))
            {
                Console.WriteLine($"{subscription.Name,-24} {Describe(subscription)}");
            }
        }));
        return list;
    }

    private static Command DeleteCommand(ManagementConnection connection)
    {
        var vault = VaultOption();
        var name = NameOption();
        var delete = new Command("delete", "Delete an event subscription and its pending deliveries.") { vault, name };
        delete.SetAction((result, cancellationToken) => connection.RunAsync(result, async client =>
        {
            await client.DeleteEventSubscriptionAsync(result.GetValue(vault)!, result.GetValue(name)!, cancellationToken);
            Console.WriteLine($"Deleted event subscription {result.GetValue(name)} of {result.GetValue(vault)}.");
        }));
        return delete;
    }

    private static Command DeliveriesCommand(ManagementConnection connection)
    {
        var vault = VaultOption();
        var name = NameOption();
        var top = new Option<int?>("--top") { Description = "At most this many, newest first (default 100)." };
        var deliveries = new Command("deliveries", "Show a subscription's recent deliveries: outcome, attempts, last answer.") { vault, name, top };
        deliveries.SetAction((result, cancellationToken) => connection.RunAsync(result, async client =>
        {
            foreach (var d in await client.ListEventDeliveriesAsync(result.GetValue(vault)!, result.GetValue(name)!, result.GetValue(top), cancellationToken))
            {
                Console.WriteLine($"{DateTimeOffset.FromUnixTimeSeconds(d.EventTime):u} {d.EventType,-48} {d.ObjectName ?? "-",-24} {d.Outcome,-9} " +
                    $"attempts {d.Attempts}{(d.LastStatus is { } status ? $" last {status}" : "")}{(d.LastError is { } error ? $" ({error})" : "")}");
            }
        }));
        return deliveries;
    }

    private static string Describe(EventSubscriptionInfo s) =>
        $"{s.Endpoint} {s.Schema}{(s.HasSecret ? " signed" : "")} [{string.Join(' ', s.EventTypes.Select(t => t.Replace("Microsoft.KeyVault.", "", StringComparison.Ordinal)))}]";

    private static Option<string> VaultOption() => new("--vault-name") { Description = "Vault name.", Required = true };

    private static Option<string> NameOption() => new("--name") { Description = "Subscription name (1-64 letters, digits, hyphens).", Required = true };
}
