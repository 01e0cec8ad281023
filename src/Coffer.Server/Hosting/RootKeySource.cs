using Coffer.Core.Crypto;

namespace Coffer.Server.Hosting;

/// <summary>The root key from the option (e.g. an environment variable) or the data directory's 0600 file, made on first start.</summary>
internal static class RootKeySource
{
    public static RootKey Load(CofferOptions options)
    {
        if (options.RootKey is { Length: > 0 } configured)
        {
            return RootKey.FromBase64(configured);
        }

        if (!File.Exists(options.RootKeyPath))
        {
            PrivateFile.WriteAllText(options.RootKeyPath, RootKey.Generate().ToBase64() + "\n");
        }

        return RootKey.FromBase64(File.ReadAllText(options.RootKeyPath));
    }

    /// <summary>The root key file's key as it is now, or null when the key comes from the option or the file is unreadable.</summary>
    public static RootKey? ReadFile(CofferOptions options)
    {
        if (options.RootKey is { Length: > 0 })
        {
            return null;
        }

        try
        {
            return RootKey.FromBase64(File.ReadAllText(options.RootKeyPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException)
        {
            return null;
        }
    }
}
