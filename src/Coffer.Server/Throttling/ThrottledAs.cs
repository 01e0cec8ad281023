namespace Coffer.Server.Throttling;

/// <summary>
/// Endpoint metadata: the request type a data-plane endpoint counts against when it is not a plain
/// <see cref="ThrottleCategory.Transaction"/>. A key create's type depends on the key its body asks for.
/// </summary>
internal sealed class ThrottledAs
{
    public static readonly ThrottledAs SecretSet = new(ThrottleCategory.SecretSet);

    /// <summary>A 2048-bit RSA key counts as <see cref="ThrottleCategory.RsaSoftwareKeyCreate"/>, any other as <see cref="ThrottleCategory.OtherKeyCreate"/>.</summary>
    public static readonly ThrottledAs KeyCreate = new(null);

    private ThrottledAs(ThrottleCategory? category) => Category = category;

    /// <summary>The category, or null when the request body decides (<see cref="KeyCreate"/>).</summary>
    public ThrottleCategory? Category { get; }
}
