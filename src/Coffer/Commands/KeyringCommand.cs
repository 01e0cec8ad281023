using System.CommandLine;
using Coffer.Core.Crypto;

namespace Coffer.Cli.Commands;

/// <summary><c>coffer keyring rotate</c>: adds a data key that new writes use after an activation delay; values sealed before stay readable.</summary>
internal static class KeyringCommand
{
    public static Command Create()
    {
        var access = new AuditStoreAccess();

        var delay = new Option<int>("--activation-delay")
        {
            Description = "Seconds before new writes use the new key: every node re-reads the keyring every 5 s and must hold the key before any node seals under it.",
            DefaultValueFactory = _ => 30,
        };
        delay.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError("--activation-delay is a number of seconds, 0 or more.");
            }
        });
        var rotate = new Command("rotate",
            $"Add a data key that new writes use after --activation-delay; every value keeps the key it was sealed under. Exit {ExitCodes.KeyringChangePending} while the previous root key is not yet forgotten.")
        {
            delay,
        };
        rotate.SetAction((result, cancellationToken) => access.RunKeyringAsync(result, async (store, _, rootKey) =>
        {
            var (change, id) = await KeyringRotation.AddDataKeyAsync(store, rootKey, TimeSpan.FromSeconds(result.GetValue(delay)), TimeProvider.System, cancellationToken);
            if (change != KeyringChange.Done)
            {
                return await KeyringChanges.RefusedAsync(change);
            }

            Console.WriteLine($"Added data key {id}: new writes use it from {DateTimeOffset.UtcNow.AddSeconds(result.GetValue(delay)):O}.");
            return 0;
        }));

        return access.WithStoreOptions(new Command("keyring", "Rotate the keyring's data key, on a data directory or database.") { rotate });
    }
}
