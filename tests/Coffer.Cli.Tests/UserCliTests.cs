using System.Text.RegularExpressions;
using Coffer.Core.Management;
using Microsoft.Extensions.DependencyInjection;

namespace Coffer.Cli.Tests;

/// <summary><c>coffer user create|list|delete</c> against a started server.</summary>
public sealed partial class UserCliTests(CliServerFixture fixture) : IClassFixture<CliServerFixture>
{
    [Fact]
    public async Task UserCreate_ShowsTheMadePasswordOnce_ThatSignsIn_ListNeverShowsIt_DeleteEndsIt()
    {
        var name = "op" + Guid.NewGuid().ToString("N")[..8];

        var created = await ManageAsync("user", "create", "--name", name, "--display-name", "Op Erator", "--admin");
        var password = Password().Match(created.Output).Groups[1].Value;
        var listed = await ManageAsync("user", "list");
        var users = fixture.Server.App.Services.GetRequiredService<UserManagement>();
        var signedIn = await users.SignInAsync(name, password, default);
        var deleted = await ManageAsync("user", "delete", "--name", name);
        var again = await ManageAsync("user", "delete", "--name", name);

        Assert.Equal(0, created.ExitCode);
        Assert.Contains($"Created user {name} (admin)", created.Output, StringComparison.Ordinal);
        Assert.True(signedIn?.IsAdmin);
        Assert.Contains(name, listed.Output, StringComparison.Ordinal);
        Assert.Contains("Op Erator", listed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(password, listed.Output, StringComparison.Ordinal);
        Assert.Equal(0, deleted.ExitCode);
        Assert.Null(await users.SignInAsync(name, password, default));
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("UserNotFound", again.Error, StringComparison.Ordinal);
    }

    private Task<(int ExitCode, string Output, string Error)> ManageAsync(params string[] args) =>
        fixture.RunAsync([.. args, "--server", fixture.Server.Options.Authority]);

    [GeneratedRegex(@"^password: (\S+)$", RegexOptions.Multiline)]
    private static partial Regex Password();
}
