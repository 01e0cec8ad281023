using System.Globalization;
using Azure.Security.KeyVault.Certificates;
using Microsoft.Playwright;

namespace Coffer.Portal.Tests;

/// <summary>Download Backup of a certificate: the file the REST restore (what <c>restore --file</c> sends) takes as it is.</summary>
[Collection(PortalGroup.Name)]
public sealed class PortalCertificateTests(PortalServer server)
{
    [Fact]
    public async Task DownloadBackup_Certificate_NamedAsAzure_RestoresThroughTheSdk()
    {
        var name = "web-" + Guid.NewGuid().ToString("N")[..6];
        var operation = await server.CertificateClient(server.Source).StartCreateCertificateAsync(name, CertificatePolicy.Default);
        await operation.WaitForCompletionAsync(TimeSpan.FromMilliseconds(200), default);
        await using var context = await server.NewContextAsync();
        var page = await context.NewPageAsync();
        await PortalPages.SignInAsync(page, server, PortalServer.Admin, $"/portal/vaults/{server.Source}/certificates");
        await PortalPages.CheckAsync(page, server, "certificates");
        await page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download Backup" }).ClickAsync());
        var blob = await File.ReadAllBytesAsync(await download.PathAsync());
        var restored = await server.CertificateClient(server.SameGeography).RestoreCertificateBackupAsync(blob);

        Assert.Equal($"{server.Source}-{name}-{DateTime.UtcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}.certificatebackup", download.SuggestedFilename);
        Assert.Equal(name, restored.Value.Name);
        Assert.Equal(operation.Value.Cer, restored.Value.Cer);
    }
}
