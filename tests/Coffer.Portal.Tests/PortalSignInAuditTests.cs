using Coffer.Core.Audit;
using Coffer.Core.Management;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Coffer.Portal.Tests;

/// <summary>Each sign-in, accepted or refused, in the audit log; and the portal's actions under the signed-in user.</summary>
[Collection(PortalGroup.Name)]
public sealed class PortalSignInAuditTests(PortalServer server)
{
    [Fact]
    public async Task SignIn_Accepted_AuditedAsUserSignInAndPortalSignIn_UnderTheUser()
    {
        var alice = await server.Server.App.Services.GetRequiredService<UserManagement>().FindAsync(PortalServer.Admin, default);
        await using var context = await server.NewContextAsync();
        var page = await context.NewPageAsync();
        var started = DateTimeOffset.UtcNow;

        await PortalPages.SignInAsync(page, server, PortalServer.Admin);

        var userSignIn = await server.AuditEntryAsync(e => e.Operation == "UserSignIn" && e.ObjectId == alice!.ObjectId && e.Time >= started.AddSeconds(-1));
        Assert.Equal((302, "user", PortalServer.Admin, null), (userSignIn.Status, userSignIn.ObjectKind, userSignIn.ObjectName, userSignIn.Vault));
        var portalSignIn = await server.AuditEntryAsync(e => e.Operation == "PortalSignIn" && e.ObjectId == alice!.ObjectId && e.Time >= started.AddSeconds(-1));
        Assert.Equal((302, PortalServer.Admin, null), (portalSignIn.Status, portalSignIn.ObjectName, portalSignIn.Vault));
    }

    [Fact]
    public async Task SignIn_WrongPassword_AuditedAsRefusedUserSignIn_NamingTheAccountOnly()
    {
        await using var context = await server.NewContextAsync();
        var page = await context.NewPageAsync();
        var marker = "mallory" + Guid.NewGuid().ToString("N")[..8];

        foreach (var user in new[] { PortalServer.Reader, marker })
        {
            await page.GotoAsync(server.Url("/portal"));
            await page.Keyboard.TypeAsync(user);
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.TypeAsync("not the password");
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.GetByText("The user name or password is incorrect.")).ToBeVisibleAsync();
        }

        var refused = await server.AuditEntryAsync(e => e.Operation == "UserSignIn" && e.ObjectName == PortalServer.Reader && e.Status == 400);
        Assert.Null(refused.ObjectId);
        var unknown = await server.AuditEntryAsync(e => e.Operation == "UserSignIn" && e.Status == 400 && e.RequestId != refused.RequestId && e.Time >= refused.Time);
        Assert.Null(unknown.ObjectName); // what was typed for an account that does not exist is not kept
        Assert.DoesNotContain((await server.Server.App.Services.GetRequiredService<IAuditStore>().TailAsync(200, default)),
            r => r.Entry.ObjectName == marker);
    }

    [Fact]
    public async Task ObjectPage_ListsItsAuditEntries_UnderTheSignedInUser()
    {
        var name = "audited-" + Guid.NewGuid().ToString("N")[..6];
        await server.SecretClient(server.Source).SetSecretAsync(name, "v");
        await using var context = await server.NewContextAsync();
        var page = await context.NewPageAsync();
        await PortalPages.SignInAsync(page, server, PortalServer.Admin, $"/portal/vaults/{server.Source}/secrets/{name}");
        await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download Backup" }).ClickAsync());

        await page.ReloadAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Alice Admin (user alice)" }).Filter(new() { HasText = "SecretBackup" }))
            .ToHaveCountAsync(1);
    }
}
