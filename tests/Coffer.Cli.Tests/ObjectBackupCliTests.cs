using Azure.Security.KeyVault.Certificates;
using Azure.Security.KeyVault.Secrets;
using Coffer.Core;

namespace Coffer.Cli.Tests;

/// <summary><c>coffer key|secret|certificate backup|restore</c> run as a process against a started server; the SDKs check the result.</summary>
public sealed class ObjectBackupCliTests(CliServerFixture fixture) : IClassFixture<CliServerFixture>
{
    private static string NewName() => $"cli-{Guid.NewGuid():N}"[..22];

    [Fact]
    public async Task SecretBackupRestore_AfterPurge_BringsBackEveryVersionWithItsId()
    {
        var secrets = fixture.SecretClient();
        var name = NewName();
        KeyVaultSecret first = await secrets.SetSecretAsync(name, "one");
        KeyVaultSecret second = await secrets.SetSecretAsync(name, "two");
        var file = fixture.NewFile();

        var backup = await fixture.RunAsync("secret", "backup", "--name", name, "--vault-name", fixture.VaultName, "--file", file);
        await (await secrets.StartDeleteSecretAsync(name)).WaitForCompletionAsync();
        await secrets.PurgeDeletedSecretAsync(name);
        var restore = await fixture.RunAsync("secret", "restore", "--file", file, "--vault-name", fixture.VaultName);

        Assert.Equal((0, ""), (backup.ExitCode, backup.Error));
        Assert.Equal((0, ""), (restore.ExitCode, restore.Error));
        Assert.Contains(second.Id.ToString(), restore.Output, StringComparison.Ordinal);
        Assert.Equal(new[] { first.Id.ToString(), second.Id.ToString() }.Order(StringComparer.Ordinal), await SecretVersionsAsync(secrets, name));
        Assert.Equal("two", (await secrets.GetSecretAsync(name)).Value.Value);
        Assert.Equal("one", (await secrets.GetSecretAsync(name, first.Properties.Version)).Value.Value);
    }

    [Fact]
    public async Task KeyBackupById_RestoreByVaultUrl_BringsBackEveryVersion()
    {
        var keys = fixture.KeyVaultClient();
        var name = NewName();
        var first = await keys.CreateKeyAsync(name, "EC", default);
        var second = await keys.CreateKeyAsync(name, "EC", default);
        var file = fixture.NewFile();

        var backup = await fixture.RunAsync("key", "backup", "--id", second.Id.ToString(), "--file", file);
        await keys.DeleteAsync(ObjectKind.Key, name, default);
        await keys.PurgeDeletedAsync(ObjectKind.Key, name, default);
        var restore = await fixture.RunAsync("key", "restore", "--file", file, "--vault-url", fixture.VaultUri().ToString());

        Assert.Equal((0, ""), (backup.ExitCode, backup.Error));
        Assert.Equal((0, ""), (restore.ExitCode, restore.Error));
        var versions = new List<string?>();
        await foreach (var version in keys.ListVersionsAsync(ObjectKind.Key, name, default))
        {
            versions.Add(version.Version);
        }

        Assert.Equal(new[] { first.Version, second.Version }.Order(), versions.Order());
    }

    [Fact]
    public async Task CertificateBackupRestore_AfterPurge_BringsBackVersionsAndPolicy()
    {
        var certificates = fixture.CertificateClient();
        var name = NewName();
        var policy = new CertificatePolicy("Self", "CN=cli.backup") { ValidityInMonths = 5 };
        await (await certificates.StartCreateCertificateAsync(name, policy)).WaitForCompletionAsync(TimeSpan.FromMilliseconds(50), default);
        KeyVaultCertificateWithPolicy second = await (await certificates.StartCreateCertificateAsync(name, policy))
            .WaitForCompletionAsync(TimeSpan.FromMilliseconds(50), default);
        var file = fixture.NewFile();

        var backup = await fixture.RunAsync("certificate", "backup", "-n", name, "--vault-name", fixture.VaultName, "-f", file);
        await (await certificates.StartDeleteCertificateAsync(name)).WaitForCompletionAsync();
        await certificates.PurgeDeletedCertificateAsync(name);
        var restore = await fixture.RunAsync("certificate", "restore", "-f", file, "--vault-name", fixture.VaultName);

        Assert.Equal((0, ""), (backup.ExitCode, backup.Error));
        Assert.Equal((0, ""), (restore.ExitCode, restore.Error));
        KeyVaultCertificateWithPolicy restored = await certificates.GetCertificateAsync(name);
        Assert.Equal(second.Id, restored.Id);
        Assert.Equal(second.Cer, restored.Cer);
        Assert.Equal(5, restored.Policy.ValidityInMonths);
        var versions = 0;
        await foreach (var _ in certificates.GetPropertiesOfCertificateVersionsAsync(name))
        {
            versions++;
        }

        Assert.Equal(2, versions);
    }

    [Fact]
    public async Task Backup_NameNotInTheVault_Exits3WithTheServiceCode()
    {
        var result = await fixture.RunAsync("secret", "backup", "--name", NewName(), "--vault-name", fixture.VaultName, "--file", fixture.NewFile());

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("404 SecretNotFound: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_NameStillActive_Exits4WithConflict()
    {
        var name = NewName();
        await fixture.SecretClient().SetSecretAsync(name, "v");
        var file = fixture.NewFile();
        await fixture.RunAsync("secret", "backup", "--name", name, "--vault-name", fixture.VaultName, "--file", file);

        var result = await fixture.RunAsync("secret", "restore", "--file", file, "--vault-name", fixture.VaultName);

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("409 Conflict: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_WrongClientSecret_Exits5()
    {
        var result = await fixture.RunAsync(["secret", "backup", "--name", NewName(), "--vault-name", fixture.VaultName, "--file", fixture.NewFile()], secret: "wrong");

        Assert.Equal(5, result.ExitCode);
        Assert.Contains("authentication failed", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_ClientWithoutAccessToTheVault_Exits5WithForbidden()
    {
        var name = NewName();
        await fixture.SecretClient().SetSecretAsync(name, "v");
        var outsider = await fixture.CreateClientAsync();

        var result = await fixture.RunAsync(["secret", "backup", "--name", name, "--vault-name", fixture.VaultName, "--file", fixture.NewFile()],
            outsider.Secret, outsider.ClientId);

        Assert.Equal(5, result.ExitCode);
        Assert.Contains("403 Forbidden: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_HostOutsideTheChallengesResource_SendsNoTokenAndExits5()
    {
        var localhost = $"https://localhost:{fixture.VaultUri().Port}";

        var result = await fixture.RunAsync("secret", "backup", "--name", NewName(), "--vault-url", localhost, "--file", fixture.NewFile());

        Assert.Equal(5, result.ExitCode);
        Assert.Contains("does not match the vault host 'localhost'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_GarbageBlob_Exits2WithMalformedBackupBlob()
    {
        var file = fixture.NewFile();
        await File.WriteAllBytesAsync(file, "\u0014CofferSecretBackupV1not-a-jwe"u8.ToArray());

        var result = await fixture.RunAsync("secret", "restore", "--file", file, "--vault-name", fixture.VaultName);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("400 BadParameter: Backup blob contains invalid or corrupt version. (Backup blob is corrupt", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_FileExists_Exits2AndKeepsTheFileUnlessOverwrite()
    {
        var name = NewName();
        await fixture.SecretClient().SetSecretAsync(name, "v");
        var file = fixture.NewFile();
        await File.WriteAllTextAsync(file, "keep me");

        var refused = await fixture.RunAsync("secret", "backup", "--name", name, "--vault-name", fixture.VaultName, "--file", file);
        var kept = await File.ReadAllTextAsync(file);
        var replaced = await fixture.RunAsync("secret", "backup", "--name", name, "--vault-name", fixture.VaultName, "--file", file, "--overwrite");

        Assert.Equal((2, "keep me"), (refused.ExitCode, kept));
        Assert.Contains("already exists", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, replaced.ExitCode);
        Assert.Equal(20, (await File.ReadAllBytesAsync(file))[0]);
    }

    [Theory]
    [InlineData("--vault-name", "x")]
    [InlineData("--vault-url", "http://plain.example")]
    [InlineData("--id", "https://v.vault.azure.net/secrets/n")]
    public async Task Backup_BadVaultOrId_Exits2WithoutCallingAnything(string option, string value)
    {
        var result = await fixture.RunAsync("key", "backup", "--name", "n", option, value, "--file", fixture.NewFile());

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_MissingRequiredFile_Exits2()
    {
        var result = await fixture.RunAsync("key", "restore", "--vault-name", fixture.VaultName);

        Assert.Equal(2, result.ExitCode);
    }

    private static async Task<List<string>> SecretVersionsAsync(SecretClient secrets, string name)
    {
        var ids = new List<string>();
        await foreach (var version in secrets.GetPropertiesOfSecretVersionsAsync(name))
        {
            ids.Add(version.Id.ToString());
        }

        return ids.Order(StringComparer.Ordinal).ToList();
    }
}
