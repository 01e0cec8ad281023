using System.IO.Compression;
using Jose;

namespace Coffer.Core.Backup;

/// <summary>
/// JWE <c>zip: DEF</c> at <see cref="CompressionLevel.Fastest"/>: raw DEFLATE whatever the level, so every
/// reader opens it, at a third of the default level's CPU (an RSA key's payload: ~54 us at the default).
/// Inflating stays jose-jwt's, with its cap against decompression bombs.
/// </summary>
internal sealed class FastDeflate(long maxPayloadBytes) : ICompression
{
    private readonly DeflateCompression _inflater = new(maxPayloadBytes);

    public byte[] Compress(byte[] plainText)
    {
        using var output = new MemoryStream(plainText.Length / 2 + 64);
        using (var deflate = new DeflateStream(output, CompressionLevel.Fastest))
        {
            deflate.Write(plainText);
        }

        return output.ToArray();
    }

    public byte[] Decompress(byte[] compressedText) => _inflater.Decompress(compressedText);
}
