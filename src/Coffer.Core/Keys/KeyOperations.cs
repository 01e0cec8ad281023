namespace Coffer.Core.Keys;

/// <summary>The <c>key_ops</c> values, and what a key may do when none are given.</summary>
public static class KeyOperations
{
    public const string Encrypt = "encrypt";
    public const string Decrypt = "decrypt";
    public const string Sign = "sign";
    public const string Verify = "verify";
    public const string WrapKey = "wrapKey";
    public const string UnwrapKey = "unwrapKey";
    public const string Import = "import";
    public const string Export = "export";

    public static readonly IReadOnlyList<string> All = [Encrypt, Decrypt, Sign, Verify, WrapKey, UnwrapKey, Import, Export];

    /// <summary>Canonical spelling of an operation, or null when unknown.</summary>
    public static string? Canonical(string operation) =>
        All.FirstOrDefault(o => string.Equals(o, operation, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// What a key of this type can do when the request names no operations (an empty list counts as
    /// none: the C++ SDK always sends <c>"key_ops":[]</c>).
    /// </summary>
    public static IReadOnlyList<string> DefaultsFor(string kty) =>
        KeyTypes.IsRsa(kty) ? [Encrypt, Decrypt, Sign, Verify, WrapKey, UnwrapKey]
        : KeyTypes.IsEc(kty) ? [Sign, Verify]
        : [Encrypt, Decrypt, WrapKey, UnwrapKey];
}
