using System.Security.Cryptography;

namespace Coffer.Core.Backup.SecurityDomain;

/// <summary>
/// Shamir's secret sharing over GF(256), byte by byte: each byte of the secret is the constant term of its own
/// random polynomial of degree quorum − 1, and share <c>x</c> (1…255) holds every polynomial's value at <c>x</c>.
/// Any <c>quorum</c> shares give the secret back by Lagrange interpolation at 0; fewer tell nothing about it.
/// </summary>
public static class ShamirSecretSharing
{
    public const int MaxShares = 255;

    /// <summary>Splits <paramref name="secret"/> into <paramref name="shares"/> shares, numbered 1…shares.</summary>
    public static IReadOnlyList<ShamirShare> Split(ReadOnlySpan<byte> secret, int shares, int quorum) =>
        Split(secret, shares, quorum, RandomNumberGenerator.Fill);

    /// <summary>As <see cref="Split(ReadOnlySpan{byte}, int, int)"/> with the coefficients taken from <paramref name="fillRandom"/> (test vectors).</summary>
    internal static IReadOnlyList<ShamirShare> Split(ReadOnlySpan<byte> secret, int shares, int quorum, Action<Span<byte>> fillRandom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quorum, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quorum, shares);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shares, MaxShares);
        if (secret.IsEmpty)
        {
            throw new ArgumentException("The secret is empty.", nameof(secret));
        }

        var values = new byte[shares][];
        for (var share = 0; share < shares; share++)
        {
            values[share] = new byte[secret.Length];
        }

        var coefficients = new byte[quorum];
        try
        {
            for (var position = 0; position < secret.Length; position++)
            {
                coefficients[0] = secret[position];
                fillRandom(coefficients.AsSpan(1));
                for (var share = 0; share < shares; share++)
                {
                    values[share][position] = Evaluate(coefficients, (byte)(share + 1));
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(coefficients);
        }

        return values.Select((value, i) => new ShamirShare((byte)(i + 1), value)).ToList();
    }

    /// <summary>
    /// The secret the <paramref name="shares"/> interpolate to. Given fewer than the quorum it returns a value that is
    /// not the secret (nothing here can tell): the caller checks the result against something the secret authenticates.
    /// </summary>
    public static byte[] Combine(IReadOnlyList<ShamirShare> shares)
    {
        if (shares.Count < 2)
        {
            throw new ArgumentException("At least two shares are needed.", nameof(shares));
        }

        var length = shares[0].Value.Length;
        if (shares.Any(s => s.X == 0 || s.Value.Length != length) || shares.Select(s => s.X).Distinct().Count() != shares.Count)
        {
            throw new ArgumentException("The shares must have distinct non-zero numbers and the same length.", nameof(shares));
        }

        var secret = new byte[length];
        for (var i = 0; i < shares.Count; i++)
        {
            var weight = LagrangeWeightAtZero(shares, i);
            for (var position = 0; position < length; position++)
            {
                secret[position] = GaloisField256.Add(secret[position], GaloisField256.Multiply(weight, shares[i].Value[position]));
            }
        }

        return secret;
    }

    /// <summary>Horner's rule: coefficients[0] + x·(coefficients[1] + x·(…)).</summary>
    private static byte Evaluate(ReadOnlySpan<byte> coefficients, byte x)
    {
        byte result = 0;
        for (var i = coefficients.Length - 1; i >= 0; i--)
        {
            result = GaloisField256.Add(GaloisField256.Multiply(result, x), coefficients[i]);
        }

        return result;
    }

    /// <summary>∏ x_j / (x_j − x_i) over j ≠ i; subtraction is addition in GF(2^8).</summary>
    private static byte LagrangeWeightAtZero(IReadOnlyList<ShamirShare> shares, int i)
    {
        byte weight = 1;
        for (var j = 0; j < shares.Count; j++)
        {
            if (j != i)
            {
                weight = GaloisField256.Multiply(weight, GaloisField256.Divide(shares[j].X, GaloisField256.Add(shares[j].X, shares[i].X)));
            }
        }

        return weight;
    }
}

/// <summary>One share: its number <see cref="X"/> (1…255) and one byte per byte of the secret.</summary>
public sealed record ShamirShare(byte X, byte[] Value);
