namespace Coffer.Core.Backup.SecurityDomain;

/// <summary>
/// Arithmetic in GF(2^8) with AES's reduction polynomial x^8 + x^4 + x^3 + x + 1 (0x11B), through log and
/// exp tables of the generator 3, so that every multiplication and division costs the same whatever its
/// operands (no branch on the secret but the zero test).
/// </summary>
internal static class GaloisField256
{
    private static readonly byte[] Exp = new byte[510];
    private static readonly byte[] Log = new byte[256];

    static GaloisField256()
    {
        var x = 1;
        for (var i = 0; i < 255; i++)
        {
            Exp[i] = (byte)x;
            Exp[i + 255] = (byte)x;
            Log[x] = (byte)i;
            x ^= MultiplyByTwo(x); // x * 3 = x * 2 + x
        }
    }

    public static byte Add(byte a, byte b) => (byte)(a ^ b);

    public static byte Multiply(byte a, byte b) =>
        a == 0 || b == 0 ? (byte)0 : Exp[Log[a] + Log[b]];

    public static byte Divide(byte a, byte b)
    {
        if (b == 0)
        {
            throw new DivideByZeroException("Division by zero in GF(256).");
        }

        return a == 0 ? (byte)0 : Exp[Log[a] + 255 - Log[b]];
    }

    private static int MultiplyByTwo(int x) => ((x << 1) ^ ((x & 0x80) != 0 ? 0x11B : 0)) & 0xFF;
}
