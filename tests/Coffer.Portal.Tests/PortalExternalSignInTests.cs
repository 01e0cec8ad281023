using Coffer.Client.Management;
using Microsoft.Playwright;

namespace Coffer.Portal.Tests;

/// <summary>Signing in through the external OIDC issuer in Chromium: the person's vaults are those its access policies name, and what it does is audited under it.</summary>
[Collection(PortalGroup.Name)]
public sealed class PortalExternalSignInTests(PortalServer server)
{
    [Fact]
    public async Task SignInWithExternalIssuer_SeesVaultsByItsPolicy_DownloadBackup_AuditedUnderItsObjectId()
    {
        var issuer = server.ExternalIssuer;
        var principal = Guid.NewGuid().ToString();
        issuer.SignInAs(new Dictionary<string, object> { ["oid"] = principal, ["name"] = "Erin External", ["preferred_username"] = "erin@idp.example" });
        await server.ManagementClient().UpdateAccessPoliciesAsync(server.Source, "add",
            [new AccessPolicyInfo(null, principal, new AccessPolicyPermissionsInfo(null, ["get", "list", "backup"], null), issuer.Issuer)], default);
        var name = "external-" + Guid.NewGuid().ToString("N")[..6];
        await server.SecretClient(server.Source).SetSecretAsync(name, "v");
        await using var context = await server.NewContextAsync();
        var page = await context.NewPageAsync();
        var started = DateTimeOffset.UtcNow;

        await page.GotoAsync(server.Url("/portal"));
        await PortalPages.CheckAsync(page, server, "signin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with 127.0.0.1" }).ClickAsync();

        await page.WaitForURLAsync(server.Url("/portal/vaults"));
        await Assertions.Expect(page.GetByText("Signed in as Erin External")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = server.Source })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = server.SameGeography })).ToHaveCountAsync(0);
        await PortalPages.CheckAsync(page, server, "vaults-external");
        await page.GotoAsync(server.Url($"/portal/vaults/{server.Source}/secrets/{name}"));
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download Backup" }).ClickAsync());
        Assert.NotEmpty(await File.ReadAllBytesAsync((await download.PathAsync())!));
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = $"{principal} ({issuer.Issuer})" }).Filter(new() { HasText = "SecretBackup" }))
            .ToHaveCountAsync(1);

        var signIn = await server.AuditEntryAsync(e => e.Operation == "PortalSignIn" && e.ObjectId == principal && e.Time >= started.AddSeconds(-1));
        Assert.Equal((200, issuer.Issuer, PortalServer.ExternalClientId), (signIn.Status, signIn.Issuer, signIn.ApplicationId));
        var backup = await server.AuditEntryAsync(e => e.Operation == "SecretBackup" && e.ObjectName == name);
        Assert.Equal((principal, issuer.Issuer, 200, server.Source), (backup.ObjectId, backup.Issuer, backup.Status, backup.Vault));
    }
}
