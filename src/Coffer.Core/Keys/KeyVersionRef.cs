namespace Coffer.Core.Keys;

/// <summary>One key version of one vault, in the case-insensitive forms the store compares names in.</summary>
public readonly record struct KeyVersionRef(string Vault, string Name, string Version)
{
    public static KeyVersionRef For(string vault, string name, string version) =>
        new(vault.ToLowerInvariant(), ObjectName.Normalize(name), version.ToLowerInvariant());

    public bool IsOf(string vault, string name) =>
        string.Equals(Vault, vault, StringComparison.OrdinalIgnoreCase) && string.Equals(Name, ObjectName.Normalize(name), StringComparison.Ordinal);
}
