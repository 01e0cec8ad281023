using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Coffer.Core.Errors;

namespace Coffer.Core;

/// <summary>Validation of object names and version ids, as Key Vault defines them.</summary>
public static class ObjectName
{
    private static readonly SearchValues<char> NameChars =
        SearchValues.Create("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-");

    private static readonly SearchValues<char> HexChars = SearchValues.Create("0123456789abcdefABCDEF");

    public const int MaxLength = 127;

    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxLength && !name.AsSpan().ContainsAnyExcept(NameChars);

    /// <summary>Throws 400 BadParameter unless <paramref name="name"/> is 1–127 of [0-9a-zA-Z-].</summary>
    public static string Validate(string? name)
    {
        if (!IsValid(name))
        {
            throw KeyVaultErrors.BadParameter(
                $"The request URI contains an invalid name: {name}. Names are 1-127 characters of 0-9, a-z, A-Z and -.");
        }

        return name!;
    }

    public static bool IsVersion(string? version) =>
        version is { Length: 32 } && !version.AsSpan().ContainsAnyExcept(HexChars);

    /// <summary>Lower-case key under which names compare, since Key Vault names are case-insensitive.</summary>
    public static string Normalize(string name) => name.ToLowerInvariant();

    public static string NewVersion() => Guid.NewGuid().ToString("N");

    /// <summary>
    /// The id of the version a lifetime action makes after <paramref name="version"/>: derived, not random, so that two
    /// nodes or a retried pass acting on the same version write the same id, and the store's unique (object, version)
    /// lets one of them in.
    /// </summary>
    public static string Successor(string version) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes("successor:" + version.ToLowerInvariant())))[..32];
}
