using System.Text;
using System.Text.Json;
using Azure.Security.KeyVault.Certificates;
using Azure.Security.KeyVault.Secrets;
using Coffer.Client.Management;
using Coffer.Core;
using Coffer.Core.Backup.SecurityDomain;
using Coffer.Tests;
using Xunit.Abstractions;

namespace Coffer.Cli.Tests;

/// <summary>
/// The disaster drill of docs/security-domain.md, with real <c>coffer serve</c> processes and the SDKs: deployment A
/// backs up keys, secrets and certificates (blobs and a whole-vault archive) and downloads its security domain to three
/// operators (quorum 2); A's data directory is deleted; a fresh deployment B refuses the blobs until the domain is
/// uploaded with two of the three keys, then restores everything equal to the originals. Keys go through Coffer.Client
/// and their public JWK through a plain GET: the .NET Keys SDK package is not served here.
/// </summary>
public sealed class SecurityDomainDrillTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("coffer-sd-drill-").FullName;

    [Fact]
    public async Task Drill_DeploymentLost_BlobsAndArchiveRestoreIntoANewOneAfterUploadWithTwoOfThreeKeys()
    {
        var operators = new[] { Operator("a", rsa: true), Operator("b", rsa: true), Operator("c", rsa: false) };
        var files = new Dictionary<string, string>();
        string subscription, location, original, domainFile = Path.Combine(_root, "sd.json");
        List<string> originalContent;

        var dirA = Path.Combine(_root, "a");
        using (var a = await ServeProcess.StartAsync(dirA))
        {
            var vault = await CreateVaultAsync(a, "drill", subscription: null, "westeurope");
            (subscription, location) = (vault.SubscriptionId, vault.Location);
            original = vault.Name;
            await SeedAsync(a, original);
            originalContent = await DescribeAsync(a, original);

            foreach (var (kind, name) in new[] { ("secret", "db-password"), ("secret", "api-token"), ("key", "signer"), ("key", "wrapper"), ("certificate", "tls") })
            {
                files[name] = Path.Combine(_root, name + ".blob");
                Ok(await a.RunCliAsync(kind, "backup", "--name", name, "--vault-name", original, "--file", files[name]), $"{kind} backup {name}");
            }

            files["archive"] = Path.Combine(_root, "vault.archive");
            Ok(await a.RunCliAsync("backup", "vault", "--vault-name", original, "--out", files["archive"]), "backup vault");

            Ok(await a.RunCliAsync(["security-domain", "download", .. operators.SelectMany(o => new[] { "--cert", o.Certificate }), "--quorum", "2",
                "--out", domainFile, "--server", a.Address.ToString()]), "security-domain download");

            // A protection key made after the download (another pair, ahead of its first backup) is reported as not covered.
            var later = Ok(await a.RunCliAsync("security-domain", "status", "--subscription", Guid.NewGuid().ToString(), "--geography", "US",
                "--server", a.Address.ToString()), "security-domain status --subscription --geography");
            Assert.Single(later.Split('\n'), l => l.Contains("NOT COVERED", StringComparison.Ordinal));
            Assert.Single(later.Split('\n'), l => l.Contains($"{subscription}/Europe  covered", StringComparison.Ordinal));

            var auditA = Ok(await a.RunCliAsync("audit", "tail", "-n", "50"), "audit tail on A");
            Assert.Contains("SecurityDomainDownload", auditA, StringComparison.Ordinal);
        }

        Directory.Delete(dirA, recursive: true);
        output.WriteLine($"deleted A's data directory {dirA}");

        using var b = await ServeProcess.StartAsync(Path.Combine(_root, "b"));
        var blobsTarget = (await CreateVaultAsync(b, "blobs", subscription, location)).Name;
        var archiveTarget = (await CreateVaultAsync(b, "archive", subscription, location)).Name;

        var refused = await b.RunCliAsync("secret", "restore", "--file", files["db-password"], "--vault-name", blobsTarget);
        Show("secret restore before upload", refused);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("UnknownBackupProtectionKey", refused.Error, StringComparison.Ordinal);

        await RefusedUploadsAsync(b, domainFile, operators);

        var upload = Ok(await b.RunCliAsync("security-domain", "upload", "--file", domainFile, "--key", operators[0].Key, "--key", operators[2].Key,
            "--server", b.Address.ToString()), "security-domain upload (a, c)");
        Assert.Contains("1 protection key(s) imported, 0 already present", upload, StringComparison.Ordinal);
        var again = Ok(await b.RunCliAsync("security-domain", "upload", "--file", domainFile, "--key", operators[1].Key, "--key", operators[2].Key,
            "--server", b.Address.ToString()), "security-domain upload again (b, c)");
        Assert.Contains("0 protection key(s) imported, 1 already present", again, StringComparison.Ordinal);

        foreach (var (kind, name) in new[] { ("secret", "db-password"), ("secret", "api-token"), ("key", "signer"), ("key", "wrapper"), ("certificate", "tls") })
        {
            Ok(await b.RunCliAsync(kind, "restore", "--file", files[name], "--vault-name", blobsTarget), $"{kind} restore {name}");
        }

        Ok(await b.RunCliAsync("restore", "vault", "--from", files["archive"], "--vault-name", archiveTarget), "restore vault");
        Assert.Equal(originalContent, await DescribeAsync(b, blobsTarget));
        Assert.Equal(originalContent, await DescribeAsync(b, archiveTarget));
        output.WriteLine($"B's vaults {blobsTarget} (blobs) and {archiveTarget} (archive) equal A's {original}: {originalContent.Count} versions compared");

        var status = Ok(await b.RunCliAsync("security-domain", "status", "--server", b.Address.ToString()), "security-domain status on B");
        Assert.Contains($"{subscription}/Europe  covered", status, StringComparison.Ordinal);
        var audit = Ok(await b.RunCliAsync("audit", "tail", "-n", "200"), "audit tail on B");
        Assert.Contains("SecurityDomainUpload", audit, StringComparison.Ordinal);
    }

    /// <summary>One key of three, a flipped byte in the document, a flipped byte in a share: each refused, nothing imported.</summary>
    private async Task RefusedUploadsAsync(ServeProcess b, string domainFile, (string Certificate, string Key)[] operators)
    {
        var one = await b.RunCliAsync("security-domain", "upload", "--file", domainFile, "--key", operators[0].Key, "--server", b.Address.ToString());
        Show("upload with 1 of 3 keys", one);
        Assert.Equal(2, one.ExitCode);
        Assert.Contains("needs the keys of 2 operators and 1 were given", one.Error, StringComparison.Ordinal);

        // The server refuses fewer shares than the quorum too, whatever the client checked.
        var document = SecurityDomainFormat.Read(await File.ReadAllBytesAsync(domainFile));
        using (var key = OperatorKeys.ReadPrivateKey(await File.ReadAllTextAsync(operators[0].Key)))
        {
            var share = OperatorKeys.Decrypt(document, document.Shares[0], key);
            var error = await Assert.ThrowsAsync<Azure.RequestFailedException>(() =>
                b.Management().UploadSecurityDomainAsync(SecurityDomainFormat.WriteUpload(new SecurityDomainUpload(document, [share])), default));
            Assert.Equal((400, "SecurityDomainQuorumNotMet"), (error.Status, error.ErrorCode));
        }

        var text = await File.ReadAllTextAsync(domainFile);
        var keysJwe = document.Keys;
        var shareJwe = document.Shares[0].Jwe;
        foreach (var (what, tampered) in new[]
        {
            ("a flipped byte in the document's keys", text.Replace(keysJwe, Flip(keysJwe), StringComparison.Ordinal)),
            ("a flipped byte in the document's listing", text.Replace($"\"id\": \"{document.ProtectionKeys[0].Id}\"", $"\"id\": \"{Flip(document.ProtectionKeys[0].Id)}\"", StringComparison.Ordinal)),
            ("a flipped byte in share 1", text.Replace(shareJwe, Flip(shareJwe), StringComparison.Ordinal)),
        })
        {
            Assert.NotEqual(text, tampered);
            var path = Path.Combine(_root, "tampered.json");
            await File.WriteAllTextAsync(path, tampered);
            var result = await b.RunCliAsync("security-domain", "upload", "--file", path, "--key", operators[0].Key, "--key", operators[2].Key, "--server", b.Address.ToString());
            Show($"upload of {what}", result);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains(SecurityDomainErrors.InvalidCode, result.Error, StringComparison.Ordinal);
        }

        var status = Ok(await b.RunCliAsync("security-domain", "status", "--server", b.Address.ToString()), "security-domain status on B before upload");
        Assert.DoesNotContain("covered", status, StringComparison.Ordinal); // no protection key yet
    }

    private static async Task SeedAsync(ServeProcess a, string vault)
    {
        var secrets = a.SecretClient(vault);
        await secrets.SetSecretAsync(new KeyVaultSecret("db-password", "first") { Properties = { ContentType = "text/plain", Tags = { ["env"] = "prod" } } });
        await secrets.SetSecretAsync("db-password", "second");
        await secrets.SetSecretAsync("db-password", "third");
        await secrets.SetSecretAsync("api-token", "token-1");
        var keys = a.KeyVaultClient(vault);
        await keys.CreateKeyAsync("signer", "EC", default);
        await keys.CreateKeyAsync("signer", "EC", default);
        await keys.CreateKeyAsync("wrapper", "RSA", default);
        var certificates = a.CertificateClient(vault);
        var policy = new CertificatePolicy("Self", "CN=drill.example") { ValidityInMonths = 6 };
        for (var i = 0; i < 2; i++)
        {
            await (await certificates.StartCreateCertificateAsync("tls", policy)).WaitForCompletionAsync(TimeSpan.FromMilliseconds(100), default);
        }
    }

    /// <summary>Every version of every object: kind, name, version id and its value (secret value, public JWK, certificate DER), sorted.</summary>
    private static async Task<List<string>> DescribeAsync(ServeProcess server, string vault)
    {
        var keys = server.KeyVaultClient(vault);
        var secrets = server.SecretClient(vault);
        var certificates = server.CertificateClient(vault);
        using var http = await server.AuthorizedClientAsync();
        var lines = new List<string>();
        foreach (var kind in new[] { ObjectKind.Key, ObjectKind.Secret, ObjectKind.Certificate })
        {
            await foreach (var item in keys.ListAsync(kind, default))
            {
                await foreach (var version in keys.ListVersionsAsync(kind, item.Name, default))
                {
                    var value = kind switch
                    {
                        ObjectKind.Secret => Describe((await secrets.GetSecretAsync(item.Name, version.Version)).Value),
                        ObjectKind.Certificate => Convert.ToHexString((await certificates.GetCertificateVersionAsync(item.Name, version.Version)).Value.Cer),
                        _ => await PublicKeyAsync(http, server.VaultUri(vault), item.Name, version.Version!),
                    };
                    lines.Add($"{kind.WireName()}/{item.Name}/{version.Version} {version.Enabled} {version.Created:O} {value}");
                }
            }
        }

        return lines.Order(StringComparer.Ordinal).ToList();
    }

    private static string Describe(KeyVaultSecret secret) =>
        $"{secret.Value} {secret.Properties.ContentType} {string.Join(',', secret.Properties.Tags.Select(t => $"{t.Key}={t.Value}"))}";

    private static async Task<string> PublicKeyAsync(HttpClient http, Uri vault, string name, string version)
    {
        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri(vault, $"/keys/{name}/{version}?api-version=7.6")));
        var key = document.RootElement.GetProperty("key");
        Assert.EndsWith($"/keys/{name}/{version}", key.GetProperty("kid").GetString(), StringComparison.Ordinal);
        return string.Join(' ', new[] { "kty", "crv", "x", "y", "n", "e" }.Where(p => key.TryGetProperty(p, out _)).Select(p => key.GetProperty(p).GetString()));
    }

    private static async Task<VaultInfo> CreateVaultAsync(ServeProcess server, string prefix, string? subscription, string location) =>
        await server.Management().CreateVaultAsync(new VaultCreateRequest(prefix + Guid.NewGuid().ToString("N")[..8], location, subscription), default);

    private string Ok((int ExitCode, string Output, string Error) result, string what)
    {
        Show(what, result);
        Assert.True(result.ExitCode == 0, $"{what} exited {result.ExitCode}: {result.Error}");
        return result.Output;
    }

    private void Show(string what, (int ExitCode, string Output, string Error) result) =>
        output.WriteLine($"$ coffer {what} -> exit {result.ExitCode}\n{result.Output.TrimEnd()}{(result.Error.Length > 0 ? "\n" + result.Error.TrimEnd() : string.Empty)}");

    /// <summary>Changes one base64url character in the middle of <paramref name="value"/> to another.</summary>
    private static string Flip(string value)
    {
        var at = value.Length / 2;
        while (value[at] == '.')
        {
            at++;
        }

        var builder = new StringBuilder(value);
        builder[at] = value[at] == 'A' ? 'B' : 'A';
        return builder.ToString();
    }

    /// <summary>An operator's certificate and unencrypted PKCS#8 private key, as the PEM files they keep.</summary>
    private (string Certificate, string Key) Operator(string name, bool rsa)
    {
        using var identity = rsa ? OperatorIdentity.Rsa(name) : OperatorIdentity.Ec(name);
        var (certificatePath, keyPath) = (Path.Combine(_root, name + ".pem"), Path.Combine(_root, name + ".key"));
        File.WriteAllText(certificatePath, identity.CertificatePem);
        File.WriteAllText(keyPath, identity.PrivateKeyPem);
        return (certificatePath, keyPath);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
