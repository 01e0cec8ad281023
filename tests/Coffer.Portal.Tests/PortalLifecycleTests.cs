using Azure;
using Microsoft.Playwright;

namespace Coffer.Portal.Tests;

/// <summary>Creating a vault, and a secret's delete, recover and purge (each confirmed first, each form's token checked), clicked through in Chromium.</summary>
[Collection(PortalGroup.Name)]
public sealed class PortalLifecycleTests(PortalServer server)
{
    [Fact]
    public async Task CreateVault_AsAdmin_ListedWithItsLocationAndGeography()
    {
        var vault = "made" + Guid.NewGuid().ToString("N")[..10];
        await using var context = await server.NewContextAsync();
        var page = await context.NewPageAsync();
        await PortalPages.SignInAsync(page, server, PortalServer.Admin);

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(vault);
        await page.GetByLabel("Location").FillAsync("northeurope");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create vault" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = vault })).ToBeVisibleAsync();
        await page.GotoAsync(server.Url("/portal/vaults"));
        await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { Name = $"{vault} northeurope Europe" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task DeleteRecoverPurge_Secret_EachAskedFirst_EachShowsInItsList()
    {
        var name = "cycle-" + Guid.NewGuid().ToString("N")[..6];
        var client = server.SecretClient(server.Source);
        await client.SetSecretAsync(name, "v");
        await using var context = await server.NewContextAsync();
        var page = await context.NewPageAsync();
        await PortalPages.SignInAsync(page, server, PortalServer.Admin, $"/portal/vaults/{server.Source}/secrets/{name}");

        await page.GetByRole(AriaRole.Link, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Delete {name}?" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Note)).ToContainTextAsync("recoverable, with every version, as a deleted secret for 90 days");
        await PortalPages.CheckAsync(page, server, "delete-confirm");
        await page.GetByRole(AriaRole.Link, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = name })).ToBeVisibleAsync();
        Assert.Equal("v", (await client.GetSecretAsync(name)).Value.Value); // cancelled: nothing deleted

        await page.GotoAsync(server.Url($"/portal/vaults/{server.Source}/secrets/{name}/delete"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Recover {name}" })).ToBeVisibleAsync();
        await PortalPages.CheckAsync(page, server, "secrets-deleted");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Recover {name}" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
        Assert.Equal("v", (await client.GetSecretAsync(name)).Value.Value);

        await page.GetByRole(AriaRole.Link, new() { Name = "Delete" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = $"Purge {name}" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Note)).ToContainTextAsync("cannot be recovered or undone");
        await PortalPages.CheckAsync(page, server, "purge-confirm");
        await page.GetByRole(AriaRole.Button, new() { Name = "Purge" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Secrets of " + server.Source })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = $"Purge {name}" })).ToHaveCountAsync(0);
        var gone = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetDeletedSecretAsync(name));
        Assert.Equal(404, gone.Status);
    }

    [Fact]
    public async Task Purge_PostedWithoutTheFormsToken_Refused_NothingPurged()
    {
        var name = "forged-" + Guid.NewGuid().ToString("N")[..6];
        var client = server.SecretClient(server.Source);
        await client.SetSecretAsync(name, "v");
        await (await client.StartDeleteSecretAsync(name)).WaitForCompletionAsync();
        await using var context = await server.NewContextAsync();
        var page = await context.NewPageAsync();
        await PortalPages.SignInAsync(page, server, PortalServer.Admin, $"/portal/vaults/{server.Source}/deletedsecrets/{name}/purge");

        var forged = await page.APIRequest.PostAsync(server.Url($"/portal/vaults/{server.Source}/deletedsecrets/{name}/purge"),
            new() { Form = page.APIRequest.CreateFormData().Set("confirm", "yes"), MaxRedirects = 0 });

        Assert.Equal(400, forged.Status);
        Assert.Contains("Form expired", await forged.TextAsync(), StringComparison.Ordinal);
        Assert.Equal(name, (await client.GetDeletedSecretAsync(name)).Value.Name);
    }
}
