using Azure;
using Coffer.Core.Management;
using Microsoft.Extensions.DependencyInjection;

namespace Coffer.Server.Tests.Portal;

[Collection(CofferServerGroup.Name)]
public sealed class UserManagementTests(CofferFixture fixture)
{
    [Fact]
    public async Task CreateUser_ThenListSignInDelete_PasswordOnlyAsHash()
    {
        var management = fixture.ManagementClient();
        var name = "user-" + Guid.NewGuid().ToString("N")[..8];

        var created = await management.CreateUserAsync(name.ToUpperInvariant(), "Ann Example", "correct horse battery", admin: false, default);

        Assert.Equal(name, created.UserName);
        Assert.Null(created.Password); // the caller chose it: never echoed
        Assert.Contains(await management.ListUsersAsync(default), u => u.UserName == name && u.ObjectId == created.ObjectId && u.DisplayName == "Ann Example");
        var users = fixture.Server.App.Services.GetRequiredService<UserManagement>();
        Assert.Equal(created.ObjectId, (await users.SignInAsync(name, "correct horse battery", default))?.ObjectId);
        Assert.Null(await users.SignInAsync(name, "correct horse batterY", default));
        Assert.DoesNotContain("correct horse", (await users.FindAsync(name, default))!.PasswordHash, StringComparison.Ordinal);

        await management.DeleteUserAsync(name, default);

        Assert.Null(await users.SignInAsync(name, "correct horse battery", default));
        var again = await Assert.ThrowsAsync<RequestFailedException>(() => management.DeleteUserAsync(name, default));
        Assert.Equal(404, again.Status);
        Assert.Equal("UserNotFound", again.ErrorCode);
    }

    [Fact]
    public async Task CreateUser_WithoutPassword_AnswersAGeneratedOneOnce_NameTakenIs409()
    {
        var management = fixture.ManagementClient();
        var name = "gen-" + Guid.NewGuid().ToString("N")[..8];

        var created = await management.CreateUserAsync(name, null, null, admin: true, default);

        Assert.True(created.Password!.Length >= UserManagement.MinimumPasswordLength);
        Assert.True(created.IsAdmin);
        Assert.DoesNotContain(await management.ListUsersAsync(default), u => u.Password is not null);
        var taken = await Assert.ThrowsAsync<RequestFailedException>(() => management.CreateUserAsync(name, null, null, admin: false, default));
        Assert.Equal(409, taken.Status);
    }

    [Theory]
    [InlineData("", "long enough password")]
    [InlineData("-starts-with-dash", "long enough password")]
    [InlineData("has space", "long enough password")]
    [InlineData("shortpass", "short")]
    public async Task CreateUser_BadNameOrShortPassword_Returns400(string name, string password)
    {
        var failure = await Assert.ThrowsAsync<RequestFailedException>(() => fixture.ManagementClient().CreateUserAsync(name, null, password, false, default));

        Assert.Equal(400, failure.Status);
        Assert.Equal("BadParameter", failure.ErrorCode);
    }
}
