using Coffer.Core.Crypto;

namespace Coffer.Cli.Commands;

/// <summary>Why a keyring change was refused, as the message and exit code of <c>coffer root-key</c> and <c>coffer keyring</c>.</summary>
internal static class KeyringChanges
{
    public static async Task<int> RefusedAsync(KeyringChange change)
    {
        var (code, message) = change switch
        {
            KeyringChange.ActivationPending => (ExitCodes.KeyringChangePending,
                "A data key added by `coffer keyring rotate` has not reached its activation time: rotate the root key after it has (nothing changed)."),
            KeyringChange.PreviousRootKeyAccepted => (ExitCodes.KeyringChangePending,
                "The previous root key still opens the keyring: once every node runs the current root key, run `coffer root-key forget-previous`, then retry (nothing changed)."),
            _ => (ExitCodes.Conflict, "The keyring changed while this command ran (another rotation?): nothing changed; run it again."),
        };
        await Console.Error.WriteLineAsync(message);
        return code;
    }
}
