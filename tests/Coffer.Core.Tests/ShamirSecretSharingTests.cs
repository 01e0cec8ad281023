using System.Security.Cryptography;
using Coffer.Core.Backup.SecurityDomain;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Coffer.Core.Tests;

public sealed class ShamirSecretSharingTests
{
    /// <summary>FIPS-197 §4.2 and §4.2.1: {57}·{83} = {c1}, {57}·{13} = {fe}, the powers {57}·{02}…{10}; {53}·{ca} = {01}.</summary>
    [Theory]
    [InlineData(0x57, 0x83, 0xC1)]
    [InlineData(0x57, 0x13, 0xFE)]
    [InlineData(0x57, 0x02, 0xAE)]
    [InlineData(0x57, 0x04, 0x47)]
    [InlineData(0x57, 0x08, 0x8E)]
    [InlineData(0x57, 0x10, 0x07)]
    [InlineData(0x53, 0xCA, 0x01)]
    [InlineData(0x00, 0x83, 0x00)]
    public void Multiply_Fips197Vectors_Match(int a, int b, int product)
    {
        Assert.Equal((byte)product, GaloisField256.Multiply((byte)a, (byte)b));
        Assert.Equal((byte)product, GaloisField256.Multiply((byte)b, (byte)a));
    }

    [Fact]
    public void Divide_InverseOf53_IsCa() => Assert.Equal(0xCA, GaloisField256.Divide(1, 0x53));

    [Property]
    public bool Divide_UndoesMultiply(byte a, byte b) => b == 0 || GaloisField256.Divide(GaloisField256.Multiply(a, b), b) == a;

    /// <summary>
    /// f(x) = 0x2A + 0x07·x: f(1) = 0x2A ⊕ 0x07 = 0x2D, f(2) = 0x2A ⊕ 0x0E = 0x24, f(3) = 0x2A ⊕ (0x0E ⊕ 0x07) = 0x23 —
    /// worked by hand from the field's definition, so the split is checked against something it did not compute.
    /// </summary>
    [Fact]
    public void Split_FixedCoefficients_GivesTheHandComputedShares()
    {
        var shares = ShamirSecretSharing.Split([0x2A], 3, 2, random => random.Fill(0x07));

        Assert.Equal([(1, 0x2D), (2, 0x24), (3, 0x23)], shares.Select(s => ((int)s.X, (int)s.Value[0])));
        Assert.Equal([0x2A], ShamirSecretSharing.Combine([new ShamirShare(1, [0x2D]), new ShamirShare(3, [0x23])]));
        Assert.Equal([0x2A], ShamirSecretSharing.Combine([new ShamirShare(3, [0x23]), new ShamirShare(2, [0x24])]));
    }

    [Property(MaxTest = 200)]
    public Property Combine_AnyQuorumOfShares_GivesTheSecret(NonEmptyArray<byte> secret, PositiveInt seed)
    {
        var (shares, quorum, chosen) = Choose(secret.Get, seed.Get, fewer: false);
        return ShamirSecretSharing.Combine(chosen).AsSpan().SequenceEqual(secret.Get)
            .Label($"{chosen.Count} of {shares.Count} shares, quorum {quorum}");
    }

    [Property(MaxTest = 200)]
    public Property Combine_FewerThanQuorum_DoesNotGiveTheSecret(PositiveInt seed)
    {
        var secret = RandomNumberGenerator.GetBytes(32); // 32 bytes: a chance match is 2^-256
        var (_, quorum, chosen) = Choose(secret, seed.Get, fewer: true);
        return (chosen.Count < 2 || !ShamirSecretSharing.Combine(chosen).AsSpan().SequenceEqual(secret)).Label($"quorum {quorum}");
    }

    [Fact]
    public void Split_OutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ShamirSecretSharing.Split([1], 3, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShamirSecretSharing.Split([1], 3, 4));
        Assert.Throws<ArgumentException>(() => ShamirSecretSharing.Combine([new ShamirShare(1, [1]), new ShamirShare(1, [2])]));
    }

    private static (IReadOnlyList<ShamirShare> Shares, int Quorum, List<ShamirShare> Chosen) Choose(byte[] secret, int seed, bool fewer)
    {
        var random = new Random(seed);
        var count = random.Next(3, 11);
        var quorum = random.Next(2, count + 1);
        var shares = ShamirSecretSharing.Split(secret, count, quorum);
        var chosen = shares.OrderBy(_ => random.Next()).Take(fewer ? quorum - 1 : random.Next(quorum, count + 1)).ToList();
        return (shares, quorum, chosen);
    }
}
