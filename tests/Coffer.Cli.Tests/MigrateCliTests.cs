using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Coffer.Client;
using Coffer.Core.Storage;
using Coffer.Core.Storage.Transfer;
using Coffer.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Coffer.Cli.Tests;

/// <summary>
/// <c>coffer migrate</c> as an operator runs it: a SQLite data directory a real server filled, moved into a fresh PostgreSQL
/// database, then served from there by <c>coffer serve --database</c> on the same data directory (the same root key).
/// </summary>
public sealed partial class MigrateCliTests(MigrationSourceFixture source) : IClassFixture<MigrationSourceFixture>
{
    [Fact]
    public async Task Migrate_PopulatedSqliteDataDir_ExitsZeroWithEveryTableEqual_AndServeOnPostgresServesEverythingBack()
    {
        var database = await source.Cluster.CreateDatabaseAsync();

        var migrated = await RunAsync("migrate", "--from", source.DataDirectory, "--to", database);

        Assert.True(migrated.ExitCode == 0, migrated.Output + migrated.Error);
        var lines = ComparisonLine().Matches(migrated.Output).ToDictionary(m => m.Groups["what"].Value.Trim(), m => m);
        Assert.All(lines.Values, m => Assert.Equal(
            (m.Groups["source"].Value, m.Groups["sourceDigest"].Value, "equal"), (m.Groups["target"].Value, m.Groups["targetDigest"].Value, m.Groups["result"].Value)));
        Assert.Equal(
            [("vaults", "2"), ("clients", "2"), ("role assignments", "1"), ("soft-deleted", "1"), ("certificate operations", "2"), ("of keys", "5"),
             ("of certificates", "2")],
            new[] { "vaults", "clients", "role assignments", "soft-deleted", "certificate operations", "of keys", "of certificates" }
                .Select(what => (what, lines[what].Groups["target"].Value)));
        Assert.True(long.Parse(lines["audit entries"].Groups["target"].Value, System.Globalization.CultureInfo.InvariantCulture) > 20);
        Assert.Contains("Every table matches", migrated.Output, StringComparison.Ordinal);
        Assert.Contains("same root key", migrated.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", migrated.Error, StringComparison.Ordinal);

        using (var served = await ServeProcess.StartAsync(source.DataDirectory, ServeProcess.FreePort(), ["--database", database], null))
        {
            using var ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(source.DataDirectory, "tls", "ca.pem"));
            var admin = Credential(served, source.DefaultClientId, source.DefaultClientSecret, ca);

            var after = await DeploymentContent.ReadAsync(served.DefaultVaultUri, admin, ca);
            var botSecrets = new SecretClient(VaultUri(served, MigrationSourceFixture.RbacVault), Credential(served, source.Bot.ClientId, source.Bot.Secret!, ca),
                new SecretClientOptions { Transport = new HttpClientTransport(CofferTransport.CreateHandler(ca)) });
            KeyVaultSecret botSecret = await botSecrets.GetSecretAsync(MigrationSourceFixture.BotSecret);
            var signed = await SignsLikeBeforeAsync(served.DefaultVaultUri, admin, ca);

            Assert.Equal((source.TenantId, source.DefaultClientId, source.DefaultClientSecret),
                (served.Banner["AZURE_TENANT_ID"], served.Banner["AZURE_CLIENT_ID"], served.Banner["AZURE_CLIENT_SECRET"]));
            Assert.Equivalent(source.Before, after, strict: true);
            Assert.Equal(
                (7, 3, 2, "old-secret"),
                (source.Before.Secrets.Count, source.Before.Keys.Count, source.Before.Certificates.Count, Assert.Single(source.Before.Deleted).Name));
            Assert.Equal(source.BotSecretValue, botSecret.Value);
            Assert.True(signed);
        }

        var verified = await RunAsync("audit", "verify", "--data-dir", source.DataDirectory, "--database", database);
        Assert.True(verified.ExitCode == 0, verified.Output + verified.Error);
        Assert.Contains("Audit log intact", verified.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_IntoADatabaseThatHoldsAnything_IsRefusedWithExitTwo_AndLeavesItAsItWas()
    {
        var database = await source.Cluster.CreateDatabaseAsync();
        Assert.Equal(0, (await RunAsync("migrate", "--from", source.DataDirectory, "--to", database)).ExitCode);
        await using var target = await OpenAsync(database);
        var before = await StorageComparison.CompareAsync(target.Transfer, target.Transfer, default);

        var again = await RunAsync("migrate", "--from", source.DataDirectory, "--to", database);
        var after = await StorageComparison.CompareAsync(target.Transfer, target.Transfer, default);

        Assert.Equal(2, again.ExitCode);
        Assert.Contains("error: The target database is not empty: it holds settings, keyring keys, clients, vaults", again.Error, StringComparison.Ordinal);
        Assert.Contains("drop and recreate the database", again.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Copied", again.Output, StringComparison.Ordinal);
        Assert.Equal(before.Lines, after.Lines);
    }

    [Fact]
    public async Task Migrate_NoDatabaseInFrom_OrAConnectionStringPostgresRefuses_ExitsTwo()
    {
        var empty = Directory.CreateTempSubdirectory("coffer-migrate-").FullName;
        try
        {
            var noSource = await RunAsync("migrate", "--from", empty, "--to", source.Cluster.ConnectionString("postgres"));
            var badTarget = await RunAsync("migrate", "--from", source.DataDirectory, "--to", "Hots=nowhere");

            Assert.Equal((2, true), (noSource.ExitCode, noSource.Error.Contains("No Coffer database at", StringComparison.Ordinal)));
            Assert.False(File.Exists(Path.Combine(empty, "coffer.db")));
            Assert.Equal((2, true), (badTarget.ExitCode, badTarget.Error.Contains("--to", StringComparison.Ordinal)));
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    /// <summary>The latest version of every key signs now, and the public key read before the migration verifies it: the private key came along.</summary>
    private async Task<bool> SignsLikeBeforeAsync(Uri vault, ClientSecretCredential credential, X509Certificate2 ca)
    {
        using var rest = await DeploymentContent.RestClientAsync(vault, credential, ca);
        var digest = SHA256.HashData("migrated"u8);
        foreach (var key in source.Before.Keys)
        {
            var response = await rest.PostAsJsonAsync($"keys/{key.Name}/{key.Version}/sign?api-version=7.5",
                new JsonObject { ["alg"] = "ES256", ["value"] = Base64Url(digest) });
            response.EnsureSuccessStatusCode();
            var signature = Convert.FromBase64String(Base64((await response.Content.ReadFromJsonAsync<JsonObject>())!["value"]!.GetValue<string>()));
            var jwk = JsonNode.Parse(key.Json)!["key"]!;
            using var ec = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = Convert.FromBase64String(Base64(jwk["x"]!.GetValue<string>())), Y = Convert.FromBase64String(Base64(jwk["y"]!.GetValue<string>())) },
            });
            if (!ec.VerifyHash(digest, signature))
            {
                return false;
            }
        }

        return source.Before.Keys.Count > 0;
    }

    private static async Task<ICofferStorage> OpenAsync(string connectionString) =>
        await new ServiceCollection().AddCofferPostgres(connectionString).OpenCofferStorageAsync(default);

    private static ClientSecretCredential Credential(ServeProcess served, string clientId, string secret, X509Certificate2 ca) =>
        new(served.Banner["AZURE_TENANT_ID"], clientId, secret, new ClientSecretCredentialOptions
        {
            AuthorityHost = new Uri(served.Banner["AZURE_AUTHORITY_HOST"]),
            DisableInstanceDiscovery = true,
            Transport = new HttpClientTransport(CofferTransport.CreateHandler(ca)),
        });

    private static Uri VaultUri(ServeProcess served, string vault) => new($"https://{vault}.vault.localhost:{served.Port}");

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Base64(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
    }

    /// <summary>Runs <c>dotnet coffer.dll</c> with exactly these arguments, within 120 s.</summary>
    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "coffer.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    [GeneratedRegex(@"^(?<what>\S.*?|  \S.*?)\s+(?<source>\d+)\s+(?<target>\d+)\s+(?<sourceDigest>[0-9a-f]{16})\s+(?<targetDigest>[0-9a-f]{16})\s+(?<result>equal|DIFFERS)\s*$", RegexOptions.Multiline)]
    private static partial Regex ComparisonLine();
}
