using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coffer.Core.Keys;

/// <summary>byte[] as unpadded base64url, as JWKs and Key Vault's operation bodies carry bytes.</summary>
public sealed class Base64UrlBytesConverter : JsonConverter<byte[]>
{
    public override byte[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString() ?? throw new JsonException("Expected a base64url string.");
        try
        {
            return Decode(text);
        }
        catch (FormatException e)
        {
            throw new JsonException("Expected a base64url string.", e);
        }
    }

    public override void Write(Utf8JsonWriter writer, byte[] value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Base64Url.EncodeToString(value));

    /// <summary>Base64url, tolerating padding and the standard alphabet, as Key Vault does.</summary>
    public static byte[] Decode(string text) =>
        Base64Url.DecodeFromChars(text.TrimEnd('=').Replace('+', '-').Replace('/', '_'));

    /// <summary>
    /// Only canonical base64url (the SDKs' encoding: no padding, no whitespace, no <c>+/</c>), for what must come
    /// back exactly as it was given, such as a backup blob; anything else is a <see cref="FormatException"/>.
    /// </summary>
    public static byte[] DecodeCanonical(string text)
    {
        if (text.Length % 4 == 1 || text.AsSpan().ContainsAnyExcept(Alphabet))
        {
            throw new FormatException("Not canonical base64url.");
        }

        return Base64Url.DecodeFromChars(text);
    }

    private static readonly System.Buffers.SearchValues<char> Alphabet =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
}
