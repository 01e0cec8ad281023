namespace Coffer.Cli.Tests;

/// <summary>A server that throttles as Azure does, with a tiny budget: 2 transactions per vault per 2-second window.</summary>
public sealed class ThrottledServerFixture : IAsyncLifetime
{
    public CliServerFixture Server { get; } = new(options =>
    {
        options.Throttle = true;
        options.ThrottleWindow = TimeSpan.FromSeconds(2);
        options.ThrottleTransactions = 2;
    });

    public Task InitializeAsync() => Server.InitializeAsync();

    public Task DisposeAsync() => Server.DisposeAsync();
}
