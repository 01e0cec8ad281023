using Azure;
using Azure.Security.KeyVault.Certificates;
using Azure.Security.KeyVault.Secrets;

namespace Coffer.Server.Tests;

/// <summary>A server of its own with <c>--azure-timing</c>: deletes, recovers and self-signed creates stay in progress for a few seconds.</summary>
public sealed class AzureTimingFixture : IAsyncLifetime
{
    public static readonly TimeSpan Delay = TimeSpan.FromSeconds(5);

    public CofferFixture Server { get; } = new(Directory.CreateTempSubdirectory("coffer-timing-").FullName,
        configureOptions: options =>
        {
            options.AzureTiming = true;
            options.AzureTimingSeconds = (int)Delay.TotalSeconds;
        });

    public Task InitializeAsync() => Server.InitializeAsync();

    public Task DisposeAsync() => Server.DisposeAsync();
}

/// <summary>The SDK's own pollers see the in-progress states Azure shows, then the outcome.</summary>
public sealed class AzureTimingTests(AzureTimingFixture timing) : IClassFixture<AzureTimingFixture>
{
    private static string NewName() => $"t-{Guid.NewGuid():N}"[..24];

    [Fact]
    public async Task StartDeleteSecret_StaysInProgress_ThenCompletes()
    {
        var client = timing.Server.SecretClient();
        var name = NewName();
        await client.SetSecretAsync(name, "v");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var operation = await client.StartDeleteSecretAsync(name);
        await operation.UpdateStatusAsync();
        var completedAtOnce = operation.HasCompleted;
        var inProgress = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetDeletedSecretAsync(name));
        var listedInProgress = await ListDeletedAsync(client, name);
        await operation.WaitForCompletionAsync(TimeSpan.FromMilliseconds(200), deadline.Token);
        DeletedSecret deleted = await client.GetDeletedSecretAsync(name);

        Assert.False(completedAtOnce);
        Assert.Equal(404, inProgress.Status);
        Assert.False(listedInProgress);
        Assert.True(operation.HasCompleted);
        Assert.Equal(name, deleted.Name);
        Assert.True(await ListDeletedAsync(client, name));
    }

    [Fact]
    public async Task StartRecoverDeletedSecret_StaysInProgress_ThenCompletes()
    {
        var client = timing.Server.SecretClient();
        var name = NewName();
        await client.SetSecretAsync(name, "v");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await (await client.StartDeleteSecretAsync(name)).WaitForCompletionAsync(TimeSpan.FromMilliseconds(200), deadline.Token);

        var operation = await client.StartRecoverDeletedSecretAsync(name);
        await operation.UpdateStatusAsync();
        var completedAtOnce = operation.HasCompleted;
        var inProgress = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetSecretAsync(name));
        await operation.WaitForCompletionAsync(TimeSpan.FromMilliseconds(200), deadline.Token);
        KeyVaultSecret recovered = await client.GetSecretAsync(name);

        Assert.False(completedAtOnce);
        Assert.Equal(404, inProgress.Status);
        Assert.True(operation.HasCompleted);
        Assert.Equal("v", recovered.Value);
        Assert.Equal(404, (await Assert.ThrowsAsync<RequestFailedException>(() => client.GetDeletedSecretAsync(name))).Status);
    }

    [Fact]
    public async Task StartCreateCertificate_SelfSigned_StaysInProgress_ThenIssues()
    {
        var client = timing.Server.CertificateClient();
        var name = NewName();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var operation = await client.StartCreateCertificateAsync(name, CertificatePolicy.Default);
        var firstStatus = operation.Properties.Status;
        await operation.UpdateStatusAsync();
        var polledStatus = operation.Properties.Status;
        var polledCompleted = operation.HasCompleted;
        KeyVaultCertificateWithPolicy created = await operation.WaitForCompletionAsync(TimeSpan.FromMilliseconds(200), deadline.Token);

        Assert.Equal(("inProgress", "inProgress", false), (firstStatus, polledStatus, polledCompleted));
        Assert.Equal("completed", operation.Properties.Status);
        Assert.NotEmpty(created.Cer);
        Assert.True(created.Properties.Enabled);
        Assert.Equal(created.Properties.Version, ((KeyVaultCertificate)await client.GetCertificateAsync(name)).Properties.Version);
    }

    [Fact]
    public async Task CancelPendingSelfSignedCreate_NeverIssues()
    {
        var client = timing.Server.CertificateClient();
        var name = NewName();

        var operation = await client.StartCreateCertificateAsync(name, CertificatePolicy.Default);
        await operation.CancelAsync();
        // The moment the create would have issued passes: a cancelled one must stay cancelled.
        await Task.Delay(AzureTimingFixture.Delay + TimeSpan.FromSeconds(1));
        await operation.UpdateStatusAsync();
        var versions = new List<CertificateProperties>();
        await foreach (var version in client.GetPropertiesOfCertificateVersionsAsync(name))
        {
            versions.Add(version);
        }

        Assert.True(operation.Properties.CancellationRequested);
        Assert.Equal("cancelled", operation.Properties.Status);
        Assert.Empty(versions);
    }

    private static async Task<bool> ListDeletedAsync(SecretClient client, string name)
    {
        await foreach (var deleted in client.GetDeletedSecretsAsync())
        {
            if (deleted.Name == name)
            {
                return true;
            }
        }

        return false;
    }
}
