using Coffer.Core.Errors;
using Coffer.Core.Vaults;

namespace Coffer.Core.Tests;

public sealed class NamesTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("db-Password-1")]
    [InlineData("0")]
    public void ObjectName_Valid_IsAccepted(string name) => Assert.Equal(name, ObjectName.Validate(name));

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("under_score")]
    [InlineData("dot.name")]
    [InlineData("ümlaut")]
    public void ObjectName_Invalid_Throws400BadParameter(string name)
    {
        var error = Assert.Throws<KeyVaultException>(() => ObjectName.Validate(name));
        Assert.Equal(400, error.Status);
        Assert.Equal("BadParameter", error.Code);
    }

    [Fact]
    public void ObjectName_128Characters_IsRejected()
    {
        Assert.True(ObjectName.IsValid(new string('a', 127)));
        Assert.False(ObjectName.IsValid(new string('a', 128)));
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789ABCDEF", true)]
    [InlineData("0123456789abcdef0123456789abcde", false)]
    [InlineData("0123456789abcdef0123456789abcdeg", false)]
    public void IsVersion_ChecksThirtyTwoHexDigits(string version, bool expected) => Assert.Equal(expected, ObjectName.IsVersion(version));

    [Theory]
    [InlineData("abc", true)]
    [InlineData("my-vault-1", true)]
    [InlineData("ab", false)]
    [InlineData("1vault", false)]
    [InlineData("vault-", false)]
    [InlineData("va--ult", false)]
    [InlineData("abcdefghijklmnopqrstuvwxy", false)]
    public void VaultName_FollowsAzureRules(string name, bool expected) => Assert.Equal(expected, VaultNames.IsValid(name));

    [Theory]
    [InlineData("eastus", "US")]
    [InlineData("westus2", "US")]
    [InlineData("westeurope", "Europe")]
    [InlineData("NorthEurope", "Europe")]
    [InlineData("southeastasia", "Asia Pacific")]
    public void Geography_OfRegion_IsAzures(string location, string geography) => Assert.Equal(geography, Geographies.Of(location));

    [Fact]
    public void CreateVault_BadEverything_ListsEveryProblem()
    {
        var error = Assert.Throws<KeyVaultException>(() => Vault.Create("1", "not-a-guid", Guid.NewGuid().ToString(), "mars", 3, false, DateTimeOffset.UtcNow));

        Assert.Equal(400, error.Status);
        Assert.Contains("vault name", error.Message, StringComparison.Ordinal);
        Assert.Contains("mars", error.Message, StringComparison.Ordinal);
        Assert.Contains("7-90", error.Message, StringComparison.Ordinal);
        Assert.Contains("GUID", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(90, false, "Recoverable+Purgeable")]
    [InlineData(7, false, "CustomizedRecoverable+Purgeable")]
    [InlineData(90, true, "Recoverable")]
    [InlineData(30, true, "CustomizedRecoverable")]
    public void RecoveryLevel_FollowsRetentionAndPurgeProtection(int days, bool purgeProtection, string expected)
    {
        var vault = Vault.Create("vault1", Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "eastus", days, purgeProtection, DateTimeOffset.UtcNow);
        Assert.Equal(expected, vault.RecoveryLevel);
    }
}
