using Azure;
using Coffer.Core.Errors;
using Coffer.Server.Authorization;
using Coffer.Server.Vaults;
using Microsoft.Extensions.DependencyInjection;

namespace Coffer.Server.Tests;

/// <summary>Backup and restore ask the authorizer for their permission before doing anything (the hook access policies plug into).</summary>
public sealed class AuthorizationHookTests : IAsyncLifetime
{
    private readonly RecordingAuthorizer _authorizer = new();
    private readonly CofferFixture _fixture;

    public AuthorizationHookTests() =>
        _fixture = new CofferFixture(Directory.CreateTempSubdirectory("coffer-authz-").FullName,
            services => services.AddSingleton<IDataPlaneAuthorizer>(_authorizer));

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task BackupAndRestore_AskForTheirPermission_AndDenialIs403BeforeAnyWork()
    {
        var client = _fixture.SecretClient();
        await client.SetSecretAsync("guarded", "v");
        byte[] blob = await client.BackupSecretAsync("guarded");
        _authorizer.Deny = "secrets/restore";

        var denied = await Assert.ThrowsAsync<RequestFailedException>(() => client.RestoreSecretBackupAsync(blob));

        Assert.Equal((403, "Forbidden"), (denied.Status, denied.ErrorCode));
        Assert.Contains("secrets/backup", _authorizer.Asked);
        Assert.Contains("secrets/restore", _authorizer.Asked);
    }

    private sealed class RecordingAuthorizer : IDataPlaneAuthorizer
    {
        public List<string> Asked { get; } = [];

        public string? Deny { get; set; }

        public ValueTask AuthorizeAsync(RequestVault vault, PermissionRequirement permission, string? objectPath, CancellationToken cancellationToken)
        {
            Asked.Add(permission.ToString());
            return permission.ToString() == Deny
                ? throw KeyVaultErrors.Forbidden($"The caller lacks {permission} on {vault.Vault.Name}.", "AccessDenied")
                : ValueTask.CompletedTask;
        }
    }
}
