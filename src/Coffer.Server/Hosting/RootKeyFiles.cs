using Coffer.Core.Crypto;

namespace Coffer.Server.Hosting;

/// <summary>
/// The data directory's root key files during a rotation: <c>root.key.new</c> holds the next key before the keyring is re-wrapped
/// under it (so a rotation killed after the re-wrap does not lose it), and the swap keeps the old key as <c>root.key.previous</c>.
/// </summary>
public static class RootKeyFiles
{
    public static string NextPath(CofferOptions options) => options.RootKeyPath + ".new";

    public static string PreviousPath(CofferOptions options) => options.RootKeyPath + ".previous";

    /// <summary>The key of <c>root.key.new</c> a rotation that stopped left, else a new one written there (0600).</summary>
    public static RootKey ReadOrCreateNext(CofferOptions options)
    {
        if (File.Exists(NextPath(options)))
        {
            return RootKey.FromBase64(File.ReadAllText(NextPath(options)));
        }

        var next = RootKey.Generate();
        PrivateFile.WriteAllText(NextPath(options), next.ToBase64() + "\n");
        return next;
    }

    /// <summary><c>root.key</c> → <c>root.key.previous</c>, then <c>root.key.new</c> → <c>root.key</c>: each step a rename-over, safe to repeat.</summary>
    public static void Swap(CofferOptions options)
    {
        if (!File.Exists(NextPath(options)))
        {
            return;
        }

        PrivateFile.WriteAllText(PreviousPath(options), File.ReadAllText(options.RootKeyPath));
        File.Move(NextPath(options), options.RootKeyPath, overwrite: true);
    }

    public static void DiscardNext(CofferOptions options) => File.Delete(NextPath(options));
}
