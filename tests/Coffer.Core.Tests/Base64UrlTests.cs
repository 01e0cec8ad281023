using Coffer.Core.Keys;

namespace Coffer.Core.Tests;

/// <summary>What must come back byte for byte (a backup blob) is read only from canonical base64url.</summary>
public sealed class Base64UrlTests
{
    // 0xFB 0xFF encodes as "-_8" in base64url and "+/8=" in base64.
    private static readonly byte[] Bytes = [0xFB, 0xFF];

    [Fact]
    public void DecodeCanonical_Base64Url_ReturnsTheBytes() =>
        Assert.Equal(Bytes, Base64UrlBytesConverter.DecodeCanonical("-_8"));

    [Theory]
    [InlineData("+/8")]
    [InlineData("+/8=")]
    [InlineData("-_8=")]
    [InlineData("-_ 8")]
    [InlineData("-_\n8")]
    [InlineData("-_8A-")]
    public void DecodeCanonical_NotCanonical_Throws(string text) =>
        Assert.Throws<FormatException>(() => Base64UrlBytesConverter.DecodeCanonical(text));

    [Fact]
    public void Decode_StaysLenientForJsonWebKeys() =>
        Assert.Equal(Bytes, Base64UrlBytesConverter.Decode("+/8="));
}
