using System.Text;
using Azure.Security.KeyVault.Secrets;

namespace Coffer.Server.Tests;

public sealed class RestartTests
{
    [Fact]
    public async Task Restart_KeepsDataCaAndClient_AndNoFileHoldsASecretValue()
    {
        var first = new CofferFixture();
        await first.InitializeAsync();
        var directory = first.DataDirectory;
        var canary = $"plaintext-canary-{Guid.NewGuid():N}";
        var client = first.SecretClient();
        await client.SetSecretAsync("canary", canary);
        await client.SetSecretAsync("canary", canary + "-v2");
        var deployment = first.Deployment;
        var caPem = first.Server.Authority.CertificatePem;
        AssertNoFileContains(directory, canary, deployment.DefaultClientSecret);
        await first.Server.DisposeAsync();

        var second = new CofferFixture(directory);
        await second.InitializeAsync();
        try
        {
            Assert.Equal(deployment, second.Deployment);
            Assert.Equal(caPem, second.Server.Authority.CertificatePem);
            KeyVaultSecret latest = await second.SecretClient().GetSecretAsync("canary");
            Assert.Equal(canary + "-v2", latest.Value);
            AssertNoFileContains(directory, canary, deployment.DefaultClientSecret);
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    /// <summary>Every file of the data directory (database, WAL, keys, certificates), byte by byte.</summary>
    private static void AssertNoFileContains(string directory, params string[] values)
    {
        var files = Directory.GetFiles(directory, "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => f.EndsWith("coffer.db", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            foreach (var value in values)
            {
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)) < 0, $"{file} holds a secret value in plaintext.");
            }
        }
    }
}
