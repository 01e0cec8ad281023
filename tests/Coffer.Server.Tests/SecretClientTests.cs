using Azure;
using Azure.Security.KeyVault.Secrets;

namespace Coffer.Server.Tests;

[Collection(CofferServerGroup.Name)]
public sealed class SecretClientTests(CofferFixture fixture)
{
    private readonly SecretClient _client = fixture.SecretClient();

    private static string NewName(string prefix = "s") => $"{prefix}-{Guid.NewGuid():N}"[..24];

    [Fact]
    public async Task SetSecret_ThenGet_ReturnsValueAndProperties()
    {
        var name = NewName();
        var set = new KeyVaultSecret(name, "p@ssw0rd");
        set.Properties.ContentType = "text/plain";
        set.Properties.Tags["env"] = "test";
        var expires = DateTimeOffset.UtcNow.AddYears(1);
        set.Properties.ExpiresOn = expires;

        KeyVaultSecret created = await _client.SetSecretAsync(set);
        KeyVaultSecret read = await _client.GetSecretAsync(name);

        Assert.Equal("p@ssw0rd", read.Value);
        Assert.Equal(created.Properties.Version, read.Properties.Version);
        Assert.Equal(32, read.Properties.Version.Length);
        Assert.Equal(new Uri($"{fixture.VaultUri()}secrets/{name}/{created.Properties.Version}"), read.Id);
        Assert.Equal(fixture.VaultUri(), read.Properties.VaultUri);
        Assert.Equal("text/plain", read.Properties.ContentType);
        Assert.Equal("test", read.Properties.Tags["env"]);
        Assert.Equal(expires.ToUnixTimeSeconds(), read.Properties.ExpiresOn!.Value.ToUnixTimeSeconds());
        Assert.True(read.Properties.Enabled);
        Assert.NotNull(read.Properties.CreatedOn);
        Assert.Equal("Recoverable+Purgeable", read.Properties.RecoveryLevel);
        Assert.Equal(90, read.Properties.RecoverableDays);
    }

    [Fact]
    public async Task GetSecret_ByVersion_ReturnsThatVersion()
    {
        var name = NewName();
        KeyVaultSecret first = await _client.SetSecretAsync(name, "one");
        await _client.SetSecretAsync(name, "two");

        KeyVaultSecret old = await _client.GetSecretAsync(name, first.Properties.Version);
        KeyVaultSecret latest = await _client.GetSecretAsync(name);

        Assert.Equal("one", old.Value);
        Assert.Equal("two", latest.Value);
    }

    [Fact]
    public async Task GetSecret_NameInOtherCase_FindsIt()
    {
        var name = NewName("Case");
        await _client.SetSecretAsync(name, "v");

        KeyVaultSecret read = await _client.GetSecretAsync(name.ToUpperInvariant());

        Assert.Equal("v", read.Value);
    }

    [Fact]
    public async Task UpdateSecretProperties_ChangesOnlyWhatIsGiven()
    {
        var name = NewName();
        KeyVaultSecret secret = await _client.SetSecretAsync(name, "v");
        secret.Properties.ContentType = "application/json";
        secret.Properties.Tags["owner"] = "team-a";
        secret.Properties.NotBefore = DateTimeOffset.UtcNow.AddMinutes(-5);

        SecretProperties updated = await _client.UpdateSecretPropertiesAsync(secret.Properties);
        KeyVaultSecret read = await _client.GetSecretAsync(name);

        Assert.Equal("application/json", updated.ContentType);
        Assert.Equal("team-a", read.Properties.Tags["owner"]);
        Assert.Equal("v", read.Value);
        Assert.Equal(secret.Properties.Version, read.Properties.Version);
        Assert.NotNull(read.Properties.NotBefore);
        Assert.True(read.Properties.UpdatedOn >= read.Properties.CreatedOn);
    }

    [Fact]
    public async Task GetSecret_Disabled_Returns403Forbidden()
    {
        var name = NewName();
        KeyVaultSecret secret = await _client.SetSecretAsync(name, "v");
        secret.Properties.Enabled = false;
        await _client.UpdateSecretPropertiesAsync(secret.Properties);

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => _client.GetSecretAsync(name));

        Assert.Equal(403, error.Status);
        Assert.Equal("Forbidden", error.ErrorCode);
        Assert.Contains("disabled", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetSecret_Missing_Returns404SecretNotFound()
    {
        var name = NewName();

        var missing = await Assert.ThrowsAsync<RequestFailedException>(() => _client.GetSecretAsync(name));
        await _client.SetSecretAsync(name, "v");
        var missingVersion = await Assert.ThrowsAsync<RequestFailedException>(() => _client.GetSecretAsync(name, new string('a', 32)));
        var malformedVersion = await Assert.ThrowsAsync<RequestFailedException>(() => _client.GetSecretAsync(name, "not-a-version"));

        Assert.All(new[] { missing, missingVersion, malformedVersion }, e =>
        {
            Assert.Equal(404, e.Status);
            Assert.Equal("SecretNotFound", e.ErrorCode);
        });
    }

    [Fact]
    public async Task ListPropertiesOfSecrets_MoreThan25_FollowsNextLinkThroughAll()
    {
        var prefix = NewName("page")[..12];
        var names = Enumerable.Range(0, 30).Select(i => $"{prefix}-{i:D2}").ToList();
        foreach (var name in names)
        {
            await _client.SetSecretAsync(name, "v");
        }

        var pages = 0;
        var listed = new List<SecretProperties>();
        await foreach (var page in _client.GetPropertiesOfSecretsAsync().AsPages())
        {
            pages++;
            Assert.True(page.Values.Count <= 25);
            listed.AddRange(page.Values);
        }

        Assert.True(pages >= 2);
        Assert.Equal(names, listed.Select(s => s.Name).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.All(listed, s => Assert.Null(s.Version));
    }

    [Fact]
    public async Task ListPropertiesOfSecretVersions_ReturnsEveryVersion()
    {
        var name = NewName();
        var versions = new List<string>();
        for (var i = 0; i < 27; i++)
        {
            versions.Add((await _client.SetSecretAsync(name, $"v{i}")).Value.Properties.Version);
        }

        var listed = new List<string>();
        await foreach (var properties in _client.GetPropertiesOfSecretVersionsAsync(name))
        {
            listed.Add(properties.Version);
        }

        Assert.Equal(versions.Order(), listed.Order());
    }

    [Fact]
    public async Task DeleteRecoverDeletePurge_Lifecycle()
    {
        var name = NewName();
        await _client.SetSecretAsync(name, "keep me");

        var delete = await _client.StartDeleteSecretAsync(name);
        DeletedSecret deleted = await delete.WaitForCompletionAsync();

        Assert.Equal(new Uri($"{fixture.VaultUri()}deletedsecrets/{name}"), deleted.RecoveryId);
        Assert.NotNull(deleted.DeletedOn);
        Assert.Equal(90, (deleted.ScheduledPurgeDate!.Value - deleted.DeletedOn!.Value).TotalDays);
        Assert.Equal(404, (await Assert.ThrowsAsync<RequestFailedException>(() => _client.GetSecretAsync(name))).Status);
        Assert.Equal(name, (await _client.GetDeletedSecretAsync(name)).Value.Name);
        Assert.Contains(name, await NamesAsync(_client.GetDeletedSecretsAsync()));

        var recover = await _client.StartRecoverDeletedSecretAsync(name);
        await recover.WaitForCompletionAsync();

        Assert.Equal("keep me", (await _client.GetSecretAsync(name)).Value.Value);
        Assert.DoesNotContain(name, await NamesAsync(_client.GetDeletedSecretsAsync()));

        await (await _client.StartDeleteSecretAsync(name)).WaitForCompletionAsync();
        await _client.PurgeDeletedSecretAsync(name);

        var gone = await Assert.ThrowsAsync<RequestFailedException>(() => _client.GetDeletedSecretAsync(name));
        Assert.Equal(404, gone.Status);
        Assert.Equal("SecretNotFound", gone.ErrorCode);
        Assert.Equal("fresh", (await _client.SetSecretAsync(name, "fresh")).Value.Value);
    }

    [Fact]
    public async Task SetSecret_WhileSoftDeleted_Returns409Conflict()
    {
        var name = NewName();
        await _client.SetSecretAsync(name, "v");
        await (await _client.StartDeleteSecretAsync(name)).WaitForCompletionAsync();

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => _client.SetSecretAsync(name, "again"));

        Assert.Equal(409, error.Status);
        Assert.Equal("Conflict", error.ErrorCode);
    }

    [Fact]
    public async Task DeleteRecoverPurge_Missing_Return404SecretNotFound()
    {
        var name = NewName();

        var errors = new[]
        {
            await Assert.ThrowsAsync<RequestFailedException>(() => _client.StartDeleteSecretAsync(name)),
            await Assert.ThrowsAsync<RequestFailedException>(() => _client.GetDeletedSecretAsync(name)),
            await Assert.ThrowsAsync<RequestFailedException>(() => _client.StartRecoverDeletedSecretAsync(name)),
            await Assert.ThrowsAsync<RequestFailedException>(() => _client.PurgeDeletedSecretAsync(name)),
        };

        Assert.All(errors, e => Assert.Equal((404, "SecretNotFound"), (e.Status, e.ErrorCode)));
    }

    [Fact]
    public async Task SetSecret_BadName_Returns400BadParameter()
    {
        var error = await Assert.ThrowsAsync<RequestFailedException>(() => _client.SetSecretAsync("bad_name", "v"));

        Assert.Equal(400, error.Status);
        Assert.Equal("BadParameter", error.ErrorCode);
    }

    [Fact]
    public async Task SetSecret_ValueOver25KB_Returns400BadParameter()
    {
        var error = await Assert.ThrowsAsync<RequestFailedException>(() => _client.SetSecretAsync(NewName(), new string('x', 25 * 1024 + 1)));

        Assert.Equal(400, error.Status);
        Assert.Equal("BadParameter", error.ErrorCode);
    }

    [Fact]
    public async Task SetSecret_Over15Tags_Returns400BadParameter()
    {
        var secret = new KeyVaultSecret(NewName(), "v");
        for (var i = 0; i < 16; i++)
        {
            secret.Properties.Tags[$"t{i}"] = "v";
        }

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => _client.SetSecretAsync(secret));

        Assert.Equal((400, "BadParameter"), (error.Status, error.ErrorCode));
    }

    private static async Task<List<string>> NamesAsync(AsyncPageable<DeletedSecret> secrets)
    {
        var names = new List<string>();
        await foreach (var secret in secrets)
        {
            names.Add(secret.Name);
        }

        return names;
    }
}
