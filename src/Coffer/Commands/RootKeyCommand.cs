using System.CommandLine;
using Coffer.Core.Crypto;
using Coffer.Server.Hosting;

namespace Coffer.Cli.Commands;

/// <summary>
/// <c>coffer root-key rotate|forget-previous</c>: re-wraps the keyring under a new root key, on the database directly (a server
/// may be running), then drops the previous root key's wraps once every node runs the new one.
/// </summary>
internal static class RootKeyCommand
{
    public static Command Create()
    {
        var access = new AuditStoreAccess();

        var rotate = new Command("rotate",
            $"Re-wrap the keyring under a new root key: root.key is swapped (the old one kept as root.key.previous), or with COFFER_ROOT_KEY the new key is printed once. Exit {ExitCodes.KeyringChangePending} while a data key activation is pending or the previous root key is not yet forgotten.");
        rotate.SetAction((result, cancellationToken) => access.RunKeyringAsync(result, async (store, options, held) =>
        {
            var fromFile = options.RootKey is not { Length: > 0 };
            var next = fromFile ? RootKeyFiles.ReadOrCreateNext(options) : RootKey.Generate();
            var change = await KeyringRotation.RotateRootKeyAsync(store, held, next, TimeProvider.System, cancellationToken);
            if (change is not (KeyringChange.Done or KeyringChange.AlreadyDone))
            {
                if (fromFile)
                {
                    RootKeyFiles.DiscardNext(options);
                }

                return await KeyringChanges.RefusedAsync(change);
            }

            if (fromFile)
            {
                RootKeyFiles.Swap(options);
                Console.WriteLine($"The keyring is wrapped under a new root key, now in {options.RootKeyPath}; the old one is in {RootKeyFiles.PreviousPath(options)}.");
                Console.WriteLine("Copy root.key to every other node's data directory (a node re-reads it within 5 s), then run `coffer root-key forget-previous`.");
            }
            else
            {
                Console.WriteLine("The keyring is wrapped under a new root key. It is shown once; store it where COFFER_ROOT_KEY comes from:");
                Console.WriteLine(next.ToBase64());
                Console.WriteLine("Restart every node with it (nodes on the old key keep working meanwhile), then run `coffer root-key forget-previous` with it.");
            }

            return 0;
        }));

        var forget = new Command("forget-previous",
            "Stop the previous root key from opening the keyring, once every node runs the current one (keep the previous key only to open database backups made before the rotation).");
        forget.SetAction((result, cancellationToken) => access.RunKeyringAsync(result, async (store, _, held) =>
        {
            var change = await KeyringRotation.ForgetPreviousAsync(store, held, cancellationToken);
            if (change is not (KeyringChange.Done or KeyringChange.AlreadyDone))
            {
                return await KeyringChanges.RefusedAsync(change);
            }

            Console.WriteLine(change == KeyringChange.Done
                ? "The previous root key no longer opens the keyring."
                : "No previous root key opens the keyring: nothing to forget.");
            return 0;
        }));

        return access.WithStoreOptions(new Command("root-key", "Rotate the root key that wraps the keyring (file or COFFER_ROOT_KEY), on a data directory or database.")
        {
            rotate, forget,
        });
    }
}
