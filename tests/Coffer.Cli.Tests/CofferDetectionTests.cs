using Coffer.Client.KeyVault;

namespace Coffer.Cli.Tests;

/// <summary>Which answers to Coffer's <c>/_coffer/…</c> extensions send the CLI down the per-object path, and which are errors to report.</summary>
public sealed class CofferDetectionTests
{
    [Theory]
    [InlineData(404, "NotFound", true)]
    [InlineData(404, "HTTP404", true)]
    [InlineData(405, "HTTP405", true)]
    [InlineData(400, "BadParameter", true)]
    [InlineData(404, "VaultNotFound", false)]
    [InlineData(400, "MalformedBackupArchive", false)]
    [InlineData(403, "Forbidden", false)]
    [InlineData(409, "Conflict", false)]
    [InlineData(429, "Throttled", false)]
    public void IsNotCoffer_ByStatusAndCode_TellsAMissingEndpointFromARealError(int status, string code, bool notCoffer) =>
        Assert.Equal(notCoffer, KeyVaultClient.IsNotCoffer(new KeyVaultServiceException(status, code, "message", null)));
}
