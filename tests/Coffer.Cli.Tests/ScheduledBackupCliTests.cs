namespace Coffer.Cli.Tests;

/// <summary>
/// <c>coffer vault update --backup-*</c>, <c>coffer backup list</c> and <c>coffer restore vault --from</c> on a scheduled
/// archive, against a started server (real time: a one-second schedule, looked at every second).
/// </summary>
public sealed class ScheduledBackupCliTests : IAsyncLifetime
{
    private readonly CliServerFixture _fixture = new(o => o.JobInterval = TimeSpan.FromSeconds(1));
    private readonly string _destination = Directory.CreateTempSubdirectory("coffer-scheduled-cli-").FullName;

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _fixture.DisposeAsync();
        Directory.Delete(_destination, recursive: true);
    }

    [Fact]
    public async Task VaultUpdateBackupInterval_RunsAreListed_OldArchivesPruned_NewestRestoresWithCofferRestore()
    {
        var source = await _fixture.CreateVaultAsync();
        await _fixture.SecretClient(source).SetSecretAsync("scheduled", "value");

        var update = await ManageAsync("vault", "update", "--name", source, "--backup-interval", "PT1S", "--backup-destination", _destination, "--backup-keep-last", "2");
        Assert.True(update.ExitCode == 0, update.Output + update.Error);
        var listed = await ListUntilAsync(source, succeeded: 3);
        var removed = await ManageAsync("vault", "update", "--name", source, "--no-backup-schedule");
        var archives = Directory.GetFiles(_destination, "*.coffer-archive").Order().ToList();
        var target = await _fixture.CreateVaultAsync();
        var restore = await _fixture.RunAsync("restore", "vault", "--from", archives[^1], "--vault-name", target);

        Assert.Contains($"{source} is backed up every PT1S to {_destination}, keeping the last 2", update.Output, StringComparison.Ordinal);
        Assert.Contains("started (UTC)", listed, StringComparison.Ordinal);
        Assert.Equal(0, removed.ExitCode);
        Assert.Equal(2, archives.Count);
        Assert.True(restore.ExitCode == 0, restore.Output + restore.Error);
        Assert.Equal("value", (await _fixture.SecretClient(target).GetSecretAsync("scheduled")).Value.Value);
    }

    [Fact]
    public async Task VaultUpdate_ScheduleWithoutDestination_IsRefusedBeforeAnyCall()
    {
        var refused = await ManageAsync("vault", "update", "--name", _fixture.VaultName, "--backup-cron", "0 * * * *");
        var listed = await ManageAsync("backup", "list", "--vault-name", _fixture.VaultName);

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("--backup-destination", refused.Error, StringComparison.Ordinal);
        Assert.Equal((0, $"{_fixture.VaultName} has no scheduled backup runs."), (listed.ExitCode, listed.Output.Trim()));
    }

    [Fact]
    public async Task VaultUpdate_AuthorizationModeAlone_LeavesTheScheduleAlone()
    {
        var vault = await _fixture.CreateVaultAsync();

        var rbac = await ManageAsync("vault", "update", "--name", vault, "--enable-rbac-authorization");
        var policies = await ManageAsync("vault", "update", "--name", vault, "--enable-rbac-authorization", "false");

        Assert.Equal((0, $"{vault} now uses RBAC."), (rbac.ExitCode, rbac.Output.Trim()));
        Assert.Equal((0, $"{vault} now uses access policies."), (policies.ExitCode, policies.Output.Trim()));
    }

    /// <summary><c>coffer backup list</c>'s output once it shows <paramref name="succeeded"/> succeeded runs (bounded: 60 s).</summary>
    private async Task<string> ListUntilAsync(string vault, int succeeded)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var (exitCode, output, error) = await ManageAsync("backup", "list", "--vault-name", vault);
            Assert.True(exitCode == 0, error);
            var runs = output.Split('\n').Count(line => line.Contains(" succeeded ", StringComparison.Ordinal) && line.Contains(".coffer-archive", StringComparison.Ordinal));
            if (runs >= succeeded)
            {
                return output;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{runs} of {succeeded} scheduled runs listed after 60 s:\n{output}");
            await Task.Delay(500);
        }
    }

    private Task<(int ExitCode, string Output, string Error)> ManageAsync(params string[] args) =>
        _fixture.RunAsync([.. args, "--server", _fixture.Server.Options.Authority]);
}
