namespace Coffer.Core.Keys;

/// <summary>One key version of one vault, in the case-insensitive forms the store compares names in.</summary>
public readonly record struct KeyVersionRef(string Vault, string Name, string Version)
{
    public static KeyVersionRef For(string vault, string name, string version) =>
        new(vault.ToLowerInvariant(), ObjectName.Normalize(name), version.ToLowerInvariant());

    /// <summary>Whether this is a version of <paramref name="key"/> (vault and name as <see cref="For"/> makes them).</summary>
    public bool IsOf(KeyVersionRef key) => Vault == key.Vault && Name == key.Name;
}
