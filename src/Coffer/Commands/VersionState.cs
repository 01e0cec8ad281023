using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Coffer.Cli.Commands;

/// <summary>
/// What makes two versions the same for <c>vault copy</c>: a digest of the value (a secret's value, a certificate's DER), the
/// content type, the tags and the attributes a copy carries over (enabled, nbf, exp). Ids and times are not compared: the target
/// gives its own.
/// </summary>
internal sealed record VersionState(string Id, string Digest, string? ContentType, string Tags, bool Enabled, long? NotBefore, long? Expires)
{
    public bool SameAs(VersionState other) =>
        (Digest, ContentType, Tags, Enabled, NotBefore, Expires) == (other.Digest, other.ContentType, other.Tags, other.Enabled, other.NotBefore, other.Expires);

    public static string DigestOf(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>Tags in one canonical text (sorted by name), so two bundles with the same tags compare equal.</summary>
    public static string TagsOf(JsonElement bundle) =>
        bundle.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Object
            ? string.Join('\n', tags.EnumerateObject().OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => $"{t.Name}={t.Value.GetString()}"))
            : string.Empty;

    public static bool EnabledOf(JsonElement bundle) =>
        !bundle.TryGetProperty("attributes", out var a) || !a.TryGetProperty("enabled", out var e) || e.ValueKind != JsonValueKind.False;

    public static long? TimeOf(JsonElement bundle, string name) =>
        bundle.TryGetProperty("attributes", out var a) && a.TryGetProperty(name, out var t) && t.TryGetInt64(out var seconds) ? seconds : null;

    public static string? StringOf(JsonElement bundle, string name) =>
        bundle.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
