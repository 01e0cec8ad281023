namespace Coffer.Cli.Tests;

/// <summary><c>coffer vault event-subscription create|list|delete</c> against a started server.</summary>
public sealed class EventSubscriptionCliTests : IAsyncLifetime
{
    private readonly CliServerFixture _fixture = new();

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task CreateListDelete_ShowsTheSubscriptionWithoutItsSecret_ThenNone()
    {
        var vault = await _fixture.CreateVaultAsync();

        var created = await ManageAsync("vault", "event-subscription", "create", "--vault-name", vault, "--name", "ops-hook",
            "--endpoint", "http://127.0.0.1:9/hook", "--event-types", "SecretNearExpiry", "KeyNearExpiry", "--secret", "cli-signing-secret");
        var listed = await ManageAsync("vault", "event-subscription", "list", "--vault-name", vault);
        var deleted = await ManageAsync("vault", "event-subscription", "delete", "--vault-name", vault, "--name", "ops-hook");
        var after = await ManageAsync("vault", "event-subscription", "list", "--vault-name", vault);
        var unknownType = await ManageAsync("vault", "event-subscription", "create", "--vault-name", vault, "--name", "bad",
            "--endpoint", "https://127.0.0.1/hook", "--event-types", "SecretRotated");

        Assert.True(created.ExitCode == 0, created.Output + created.Error);
        Assert.Contains($"Subscribed ops-hook on {vault}: http://127.0.0.1:9/hook EventGridSchema signed [SecretNearExpiry KeyNearExpiry]", created.Output, StringComparison.Ordinal);
        Assert.Equal(0, listed.ExitCode);
        Assert.Contains("ops-hook", listed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("cli-signing-secret", created.Output + listed.Output, StringComparison.Ordinal);
        Assert.Equal((0, $"Deleted event subscription ops-hook of {vault}."), (deleted.ExitCode, deleted.Output.Trim()));
        Assert.Equal((0, ""), (after.ExitCode, after.Output.Trim()));
        Assert.NotEqual(0, unknownType.ExitCode);
        Assert.Contains("SecretRotated", unknownType.Error, StringComparison.Ordinal);
    }

    private Task<(int ExitCode, string Output, string Error)> ManageAsync(params string[] args) =>
        _fixture.RunAsync([.. args, "--server", _fixture.Server.Options.Authority]);
}
