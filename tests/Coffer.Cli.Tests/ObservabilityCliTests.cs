using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Security.KeyVault.Secrets;

namespace Coffer.Cli.Tests;

/// <summary>
/// <c>coffer serve --log-format json --prometheus</c> as a process: a JSON log line per request naming what the SDK did,
/// with none of the values or tokens it used; the Prometheus endpoint counting the SDK's backups.
/// </summary>
public sealed partial class ObservabilityCliTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(1);
    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-observe-").FullName;
    private ServeProcess _server = null!;

    public async Task InitializeAsync() =>
        _server = await ServeProcess.StartAsync(_directory, ServeProcess.FreePort(), ["--log-format", "json", "--prometheus"], null);

    public Task DisposeAsync()
    {
        _server.Dispose();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task JsonLog_EveryRequest_OneLineWithoutSecretsOrTokens()
    {
        var credential = new RecordingCredential(_server.Credential());
        var client = _server.SecretClient(_server.DefaultVaultUri, credential);
        var name = "logged-" + Guid.NewGuid().ToString("N")[..8];
        var value = "value-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

        var set = await client.SetSecretAsync(name, value);
        var read = await client.GetSecretAsync(name);
        await client.BackupSecretAsync(name);
        Assert.Equal(value, read.Value.Value);

        var setRequestId = set.GetRawResponse().Headers.RequestId!;
        var line = await EventuallyAsync(() => RequestLines().FirstOrDefault(l => l.GetProperty("RequestId").GetString() == setRequestId));
        Assert.Equal("PUT", line.GetProperty("Method").GetString());
        Assert.Equal($"/secrets/{name}", line.GetProperty("Path").GetString());
        Assert.Equal(200, line.GetProperty("Status").GetInt32());
        Assert.Equal("SecretSet", line.GetProperty("Operation").GetString());
        Assert.NotEqual("-", line.GetProperty("Principal").GetString());
        Assert.True(line.GetProperty("DurationMs").GetDouble() >= 0);
        await EventuallyAsync(() => RequestLines().Count(l => l.GetProperty("Path").GetString()!.StartsWith($"/secrets/{name}", StringComparison.Ordinal)) >= 3 ? "" : null);

        var logLines = _server.Output.Where(l => l.StartsWith('{')).ToList();
        Assert.All(_server.Output, l => Assert.DoesNotContain(value, l, StringComparison.Ordinal));
        Assert.NotEmpty(credential.Tokens);
        foreach (var token in credential.Tokens)
        {
            Assert.All(_server.Output, l => Assert.DoesNotContain(token, l, StringComparison.Ordinal));
        }

        Assert.All(logLines, l => Assert.DoesNotContain(_server.Banner["AZURE_CLIENT_SECRET"], l, StringComparison.Ordinal));
        Assert.All(logLines, l => Assert.DoesNotContain("api-version", l, StringComparison.Ordinal)); // no query string in any line
    }

    [Fact]
    public async Task Prometheus_SdkBackup_IncrementsTheBackupCounter()
    {
        var client = _server.SecretClient(_server.DefaultVaultUri);
        var name = "counted-" + Guid.NewGuid().ToString("N")[..8];
        await client.SetSecretAsync(name, "v");
        var before = BackupCount(await ScrapeAsync());

        byte[] blob = await client.BackupSecretAsync(name);

        var after = await EventuallyAsync(async () => BackupCount(await ScrapeAsync()) is var count && count > before ? (double?)count : null);
        Assert.Equal(before + 1, after);
        var scrape = await ScrapeAsync();
        Assert.Contains("coffer_request_duration_seconds_count{", scrape, StringComparison.Ordinal);
        Assert.Contains("coffer_operation=\"SecretBackup\"", scrape, StringComparison.Ordinal);
        Assert.True(Sample(scrape, "coffer_backup_blob_size_bytes_total", "backup") >= blob.Length);
        Assert.Contains("coffer_store_duration_seconds_count{", scrape, StringComparison.Ordinal);
    }

    private static double BackupCount(string scrape) => Sample(scrape, "coffer_backup_blobs_total", "backup");

    /// <summary>The value of <paramref name="metric"/> for secrets in <paramref name="direction"/>; 0 when no such series yet.</summary>
    private static double Sample(string scrape, string metric, string direction) =>
        scrape.Split('\n')
            .Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal) && l.Contains($"coffer_direction=\"{direction}\"", StringComparison.Ordinal)
                && l.Contains("coffer_object_kind=\"secret\"", StringComparison.Ordinal))
            .Select(l => double.Parse(SampleValue().Match(l).Groups[1].Value, CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0)
            .Sum();

    private async Task<string> ScrapeAsync()
    {
        using var http = _server.AnonymousClient();
        using var response = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private List<JsonElement> RequestLines() =>
        [.. _server.Output
            .Where(l => l.StartsWith('{'))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("Category").GetString() == "Coffer.Requests")
            .Select(e => e.GetProperty("State"))];

    private static async Task<T> EventuallyAsync<T>(Func<T?> probe) => await EventuallyAsync(() => Task.FromResult(probe()));

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, "not seen within the deadline");
            await Task.Delay(100);
        }
    }

    [GeneratedRegex(@"\}\s+(\S+)")]
    private static partial Regex SampleValue();
}
