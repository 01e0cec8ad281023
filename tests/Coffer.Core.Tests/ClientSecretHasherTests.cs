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
}
