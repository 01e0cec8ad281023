using System.Globalization;
using System.Text.RegularExpressions;
using Azure;
using Azure.Security.KeyVault.Secrets;
using Coffer.Core;
using Coffer.Core.Backup;
using Coffer.Core.Management;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Coffer.Portal.Tests;

/// <summary>The portal in Chromium against a started server: sign in, Download Backup, Restore Backup, the refusals, the whole-vault round trip.</summary>
[Collection(PortalGroup.Name)]
public sealed class PortalBackupTests(PortalServer server)
{
    [Fact]
    public async Task DownloadBackup_ThenRestoreBackup_IntoVaultsOfEachGeography()
    {
        var name = "db-password-" + Guid.NewGuid().ToString("N")[..6];
        var source = server.SecretClient(server.Source);
        foreach (var value in new[] { "first", "second", "third" })
        {
            await source.SetSecretAsync(new KeyVaultSecret(name, value) { Properties = { ContentType = "text/plain", Tags = { ["team"] = "ops" } } });
        }

        await using var context = await server.NewContextAsync();
        var page = await context.NewPageAsync();
        await PortalPages.SignInAsync(page, server, PortalServer.Admin);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = server.Source })).ToBeVisibleAsync();
        await PortalPages.CheckAsync(page, server, "vaults");

        await page.GetByRole(AriaRole.Link, new() { Name = server.Source }).ClickAsync();
        await PortalPages.CheckAsync(page, server, "vault");
        await page.GetByRole(AriaRole.Link, new() { Name = "Secrets", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = name })).ToBeVisibleAsync();
        await PortalPages.CheckAsync(page, server, "secrets");
        await page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Show secret value" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Secret value")).ToHaveTextAsync("third");
        Assert.DoesNotContain("third", page.Url, StringComparison.Ordinal);
        await PortalPages.CheckAsync(page, server, "secret");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download Backup" }).ClickAsync());
        var file = await download.PathAsync();
        var downloaded = await File.ReadAllBytesAsync(file);
        Assert.Equal($"{server.Source}-{name}-{DateTime.UtcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}.secretbackup", download.SuggestedFilename);

        // What the REST API's backup answers, decoded: the same format (a fresh content key each time, so not the same bytes), the same object.
        var rest = (await source.BackupSecretAsync(name)).Value;
        var inspector = server.Server.App.Services.GetRequiredService<BackupInspector>();
        var vault = await server.Server.App.Services.GetRequiredService<VaultManagement>().GetAsync(server.Source, default);
        var fromPortal = await inspector.InspectAsync(vault, ObjectKind.Secret, downloaded, default);
        var fromRest = await inspector.InspectAsync(vault, ObjectKind.Secret, rest, default);
        Assert.Equal(rest[..(rest[0] + 1)], downloaded[..(downloaded[0] + 1)]);
        Assert.Equivalent(fromRest with { Header = fromRest.Header with { Created = fromPortal.Header.Created } }, fromPortal, strict: true);
        Assert.Equal(3, fromPortal.Versions.Count);

        var restored = await RestoreAsync(page, server.SameGeography, file);
        await Assertions.Expect(restored.GetByText("Restored from the backup, with every version.")).ToBeVisibleAsync();
        await PortalPages.CheckAsync(page, server, "restored");
        var versions = new List<SecretProperties>();
        await foreach (var version in server.SecretClient(server.SameGeography).GetPropertiesOfSecretVersionsAsync(name))
        {
            versions.Add(version);
        }

        Assert.Equal(3, versions.Count);
        Assert.Equal("third", (await server.SecretClient(server.SameGeography).GetSecretAsync(name)).Value.Value);

        await RestoreAsync(page, server.SameGeography, file);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("409");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("already exists");
        await PortalPages.CheckAsync(page, server, "restore-conflict");

        await RestoreAsync(page, server.OtherGeography, file);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("geography");
        await PortalPages.CheckAsync(page, server, "restore-other-geography");
        var other = await Assert.ThrowsAsync<RequestFailedException>(() => server.SecretClient(server.OtherGeography).GetSecretAsync(name));
        Assert.Equal(404, other.Status);
    }

    [Fact]
    public async Task DownloadBackup_WithoutBackupPermission_ShowsAzures403Message()
    {
        var name = "no-backup-" + Guid.NewGuid().ToString("N")[..6];
        await server.SecretClient(server.Source).SetSecretAsync(name, "v");
        await using var context = await server.NewContextAsync();
        var page = await context.NewPageAsync();
        await PortalPages.SignInAsync(page, server, PortalServer.Reader, $"/portal/vaults/{server.Source}/secrets/{name}");

        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Download Backup" }).ClickAsync(), r => r.Url.EndsWith("/backup", StringComparison.Ordinal));

        Assert.Equal(403, response.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(
            $"does not have secrets backup permission on key vault '{server.Source};location=eastus'");
        await PortalPages.CheckAsync(page, server, "forbidden");
    }

    [Fact]
    public async Task WholeVault_BackUpThenRestore_ReportsEachObject_AndTheSecretsArrive()
    {
        var name = "whole-" + Guid.NewGuid().ToString("N")[..6];
        await server.SecretClient(server.Source).SetSecretAsync(name, "in the archive");
        await using var context = await server.NewContextAsync();
        var page = await context.NewPageAsync();
        await PortalPages.SignInAsync(page, server, PortalServer.Admin, $"/portal/vaults/{server.Source}");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Back up vault" }).ClickAsync());
        Assert.StartsWith(server.Source + "-", download.SuggestedFilename, StringComparison.Ordinal);
        var archive = await download.PathAsync();

        await page.GotoAsync(server.Url($"/portal/vaults/{server.WholeTarget}"));
        await page.GetByLabel("Archive file").SetInputFilesAsync(archive);
        await page.GetByLabel("When an object already exists").SelectOptionAsync("skip");
        await page.GetByRole(AriaRole.Button, new() { Name = "Restore vault" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Done: ");
        await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { NameRegex = new Regex($@"^\d+ of \d+ secret {name} Restored \(1 version\)$") })).ToBeVisibleAsync();
        await PortalPages.CheckAsync(page, server, "vault-restore-report");
        Assert.Equal("in the archive", (await server.SecretClient(server.WholeTarget).GetSecretAsync(name)).Value.Value);
    }

    [Fact]
    public async Task Pages_AtPhoneWidth_AreReadableAndPassAxe()
    {
        var name = "phone-" + Guid.NewGuid().ToString("N")[..6];
        await server.SecretClient(server.Source).SetSecretAsync(name, "v");
        await using var context = await server.NewContextAsync(width: 390);
        var page = await context.NewPageAsync();
        await page.GotoAsync(server.Url("/portal"));
        await PortalPages.CheckAsync(page, server, "signin");
        await PortalPages.SignInAsync(page, server, PortalServer.Admin);
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" })).ToBeFocusedAsync();
        for (var tabs = 0; tabs < 12 && await page.EvaluateAsync<string>("() => document.activeElement.textContent") != server.Source; tabs++)
        {
            await page.Keyboard.PressAsync("Tab"); // past the brand, Sign out and the table's scroll region, to the vault's link
        }

        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(server.Source);

        foreach (var (path, shot) in new[]
        {
            ("/portal/vaults", "vaults"), ($"/portal/vaults/{server.Source}", "vault"), ($"/portal/vaults/{server.Source}/secrets", "secrets"),
            ($"/portal/vaults/{server.Source}/keys", "keys"), ($"/portal/vaults/{server.Source}/certificates", "certificates"),
            ($"/portal/vaults/{server.Source}/secrets/{name}", "secret"), ($"/portal/vaults/{server.Source}/secrets/{name}/delete", "delete-confirm"),
        })
        {
            await page.GotoAsync(server.Url(path));
            await PortalPages.CheckAsync(page, server, shot);
        }
    }

    private static async Task<IPage> RestoreAsync(IPage page, string vault, string file)
    {
        await page.GotoAsync(page.Url[..page.Url.IndexOf("/portal/", StringComparison.Ordinal)] + $"/portal/vaults/{vault}/secrets");
        await page.GetByLabel("Backup file").SetInputFilesAsync(file);
        await page.GetByRole(AriaRole.Button, new() { Name = "Restore Backup" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
        return page;
    }
}
