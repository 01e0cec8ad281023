using Coffer.Core.Auth;

namespace Coffer.Core.Tests;

public sealed class ClientSecretHasherTests
{
    [Fact]
    public void Verify_RightSecret_True_WrongSecret_False()
    {
        var secret = ClientSecretHasher.NewSecret();
        var hash = ClientSecretHasher.Hash(secret);

        Assert.DoesNotContain(secret, hash, StringComparison.Ordinal);
        Assert.True(ClientSecretHasher.Verify(secret, hash));
        Assert.False(ClientSecretHasher.Verify(secret + "x", hash));
        Assert.False(ClientSecretHasher.Verify(secret, "garbage"));
    }

    [Fact]
    public void NewSecret_NeverStartsWithADash_SoCommandLinesTakeItAsAValue()
    {
        // One secret in 64 would start with '-' if nothing prevented it; 2 000 draws all but surely include such a draw.
        var secrets = Enumerable.Range(0, 2000).Select(_ => ClientSecretHasher.NewSecret()).ToList();

        Assert.All(secrets, s => Assert.NotEqual('-', s[0]));
        Assert.All(secrets, s => Assert.Equal(40, s.Length));
    }
}
