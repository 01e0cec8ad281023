namespace Coffer.Core.Keys;

/// <summary>The JWK key types Key Vault knows, and which family each belongs to.</summary>
public static class KeyTypes
{
    public const string Rsa = "RSA";
    public const string RsaHsm = "RSA-HSM";
    public const string Ec = "EC";
    public const string EcHsm = "EC-HSM";
    public const string Oct = "oct";
    public const string OctHsm = "oct-HSM";

    public static readonly IReadOnlyList<string> All = [Rsa, RsaHsm, Ec, EcHsm, Oct, OctHsm];

    public static bool IsRsa(string kty) => kty is Rsa or RsaHsm;

    public static bool IsEc(string kty) => kty is Ec or EcHsm;

    public static bool IsOct(string kty) => kty is Oct or OctHsm;

    public static bool IsHsm(string kty) => kty.EndsWith("-HSM", StringComparison.Ordinal);

    /// <summary>The key type as Key Vault spells it, or null when unknown (kty is case-sensitive in JWK, not here).</summary>
    public static string? Canonical(string? kty) =>
        kty is null ? null : All.FirstOrDefault(k => string.Equals(k, kty, StringComparison.OrdinalIgnoreCase));

    /// <summary>The software type of a family with the HSM flag applied, as import's <c>Hsm</c> asks.</summary>
    public static string WithHsm(string kty, bool hsm)
    {
        var soft = IsRsa(kty) ? Rsa : IsEc(kty) ? Ec : Oct;
        return hsm ? soft + "-HSM" : soft;
    }
}
