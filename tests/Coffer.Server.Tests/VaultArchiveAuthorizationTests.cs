using Coffer.Core.Errors;
using Coffer.Server.Authorization;
using Coffer.Server.Vaults;
using Microsoft.Extensions.DependencyInjection;
using static Coffer.Server.Tests.VaultArchiveCalls;

namespace Coffer.Server.Tests;

/// <summary>Overwriting soft-deleted names purges them, so that policy also needs the purge permission of every kind.</summary>
public sealed class VaultArchiveAuthorizationTests : IAsyncLifetime
{
    private readonly DenyingAuthorizer _authorizer = new();
    private readonly CofferFixture _fixture;

    public VaultArchiveAuthorizationTests() =>
        _fixture = new CofferFixture(Directory.CreateTempSubdirectory("coffer-archive-authz-").FullName,
            services => services.AddSingleton<IDataPlaneAuthorizer>(_authorizer));

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task Restore_OverwriteIfPurgedWithoutPurgePermission_Returns403AndWritesNothing()
    {
        var source = await NewVaultAsync(_fixture);
        await _fixture.SecretClient(source).SetSecretAsync("s", "v");
        var archive = await SnapshotAsync(_fixture, source);
        var target = await NewVaultAsync(_fixture);
        _authorizer.Deny = "certificates/purge";

        var (status, body) = await RestoreAsync(_fixture, target, archive, "overwrite-if-purged");

        Assert.Equal((403, "Forbidden"), (status, body["error"]!["code"]!.GetValue<string>()));
        Assert.Empty(await DescribeVaultAsync(_fixture, target));
        Assert.Equal(200, (await RestoreAsync(_fixture, target, archive, "skip")).Status);
        Assert.Contains("keys/purge", _authorizer.Asked);
        Assert.Contains("secrets/purge", _authorizer.Asked);
    }

    private sealed class DenyingAuthorizer : IDataPlaneAuthorizer
    {
        public List<string> Asked { get; } = [];

        public string? Deny { get; set; }

        public ValueTask AuthorizeAsync(RequestVault vault, PermissionRequirement permission, string? objectPath, CancellationToken cancellationToken)
        {
            lock (Asked)
            {
                Asked.Add(permission.ToString());
            }

            return permission.ToString() == Deny
                ? throw KeyVaultErrors.Forbidden($"The caller lacks {permission} on {vault.Vault.Name}.", "AccessDenied")
                : ValueTask.CompletedTask;
        }
    }
}
