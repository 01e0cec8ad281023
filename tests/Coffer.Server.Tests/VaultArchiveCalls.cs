using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Coffer.Client.Management;
using Coffer.Core.Backup;
using Coffer.Core.Backup.Archive;
using Coffer.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace Coffer.Server.Tests;

/// <summary>
/// The whole-vault endpoints have no SDK (they are Coffer's own), so tests call them over raw HTTP with a
/// real token; and what the vaults hold is compared through the SDKs or, for large vaults, the store.
/// </summary>
internal static class VaultArchiveCalls
{
    public const string ApiVersion = "7.5";

    public static async Task<string> NewVaultAsync(CofferFixture fixture, string location = "westus2", bool purgeProtection = false)
    {
        var vault = await fixture.ManagementClient().CreateVaultAsync(
            new VaultCreateRequest("va-" + Guid.NewGuid().ToString("N")[..12], location, EnablePurgeProtection: purgeProtection), default);
        return vault.Name;
    }

    public static async Task<byte[]> SnapshotAsync(CofferFixture fixture, string vault)
    {
        using var response = await SendAsync(fixture, vault, $"/_coffer/backup?api-version={ApiVersion}", null);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.coffer.vault-archive", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    public static async Task<(int Status, JsonNode Body)> RestoreAsync(CofferFixture fixture, string vault, byte[] archive, string? onConflict = null)
    {
        var query = onConflict is null ? string.Empty : $"&onConflict={onConflict}";
        using var response = await SendAsync(fixture, vault, $"/_coffer/restore?api-version={ApiVersion}{query}", archive);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    public static async Task<HttpResponseMessage> SendAsync(CofferFixture fixture, string vault, string path, byte[]? body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await fixture.TokenAsync());
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.coffer.vault-archive");
        }

        return await fixture.RawClient(vault).SendAsync(request);
    }

    public static Task<IReadOnlyList<VaultArchiveEntry>> ManifestAsync(CofferFixture fixture, byte[] archive) =>
        ManifestAsync(fixture.Server.App.Services.GetRequiredService<BackupProtectionKeyring>(), archive);

    public static async Task<IReadOnlyList<VaultArchiveEntry>> ManifestAsync(BackupProtectionKeyring keyring, byte[] archive) =>
        (await ReadAsync(keyring, archive)).Entries;

    /// <summary>What the archive's trailer says of it (its signature checked): header, object count, digest.</summary>
    public static async Task<VaultArchiveSummary> SummaryAsync(CofferFixture fixture, byte[] archive) =>
        (await ReadAsync(fixture.Server.App.Services.GetRequiredService<BackupProtectionKeyring>(), archive)).Summary;

    private static async Task<(VaultArchiveSummary Summary, IReadOnlyList<VaultArchiveEntry> Entries)> ReadAsync(BackupProtectionKeyring keyring, byte[] archive)
    {
        var (summary, entries) = await VaultArchiveReader.ReadManifestAsync(new MemoryStream(archive),
            async (id, ct) => await keyring.FindAsync(id, ct) is { } key ? VaultArchiveSigningKey.From(key) : null, default);
        Assert.True(summary.SignatureVerified);
        return (summary, entries);
    }

    /// <summary>The version-by-version view two vaults are compared by: see <see cref="VaultDescription"/>.</summary>
    public static Task<List<string>> DescribeVaultAsync(CofferFixture fixture, string vault) =>
        VaultDescription.DescribeAsync(fixture.Server.App.Services, vault);
}
