using Coffer.Core;
using Coffer.Core.Audit;
using Coffer.Core.Auth;
using Coffer.Core.Authorization;
using Coffer.Core.Storage;
using Coffer.Core.Storage.Transfer;
using Coffer.Core.Vaults;
using Coffer.Storage.Postgres;
using Coffer.Storage.Sqlite;
using Coffer.Tests;

namespace Coffer.Storage.Tests;

/// <summary>
/// <see cref="IStorageTransfer"/>: a whole database copied from one provider into an empty one (both ways), row for row,
/// then read back through the target's stores; a non-empty target refused; a copy that fails midway leaving nothing.
/// </summary>
[Collection(PostgresGroup.Name)]
public sealed class StorageTransferTests(PostgresCluster cluster) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private static readonly AuditChain Chain = new(new byte[32]);
    private static readonly ObjectRef[] Objects =
    [
        new("vault1", ObjectKind.Secret, "db-password"), new("vault1", ObjectKind.Key, "signing"), new("vault1", ObjectKind.Certificate, "web"),
        new("vault1", ObjectKind.Key, "web"), new("vault1", ObjectKind.Secret, "web"), new("vault2", ObjectKind.Secret, "rbac-secret"),
    ];

    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-transfer-").FullName;
    private readonly List<ICofferStorage> _opened = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var storage in _opened)
        {
            await storage.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData("sqlite", "postgres")]
    [InlineData("postgres", "sqlite")]
    public async Task Import_IntoAnEmptyDatabase_CopiesEveryRow_AndTheStoresReadItBackEqual(string from, string to)
    {
        var source = await OpenAsync(from);
        var target = await OpenAsync(to);
        await PopulateAsync(source);

        var written = await target.Transfer.ImportAsync(source.Transfer.ExportAsync(default), default);
        var comparison = await StorageComparison.CompareAsync(source.Transfer, target.Transfer, default);

        Assert.True(comparison.Equal, string.Join(Environment.NewLine, comparison.Lines));
        Assert.Equal(comparison.Lines.Where(l => !l.What.StartsWith(' ')).Sum(l => l.SourceRows), written);
        Assert.Equal(
            [("settings", 3L), ("keyring keys", 2), ("clients", 2), ("users", 1), ("vaults", 2), ("access policies", 3), ("role assignments", 1), ("objects", 8),
             ("  keys", 2), ("  secrets", 4), ("  certificates", 2), ("  soft-deleted", 1), ("  certificate operations", 1), ("versions", 14),
             ("  of keys", 5), ("  of secrets", 7), ("  of certificates", 2), ("audit entries", 5)],
            comparison.Lines.Select(l => (l.What, l.TargetRows)));
        foreach (var obj in Objects.Append(Deleted).Append(Pending))
        {
            Assert.Equivalent(await source.Objects.ReadObjectAsync(obj, default), await target.Objects.ReadObjectAsync(obj, default), strict: true);
        }

        Assert.Equivalent(await source.Objects.GetDeletedAsync(Deleted, default), await target.Objects.GetDeletedAsync(Deleted, default), strict: true);
        Assert.Equal(await source.Objects.GetPendingAsync(Pending, default), await target.Objects.GetPendingAsync(Pending, default));
        Assert.Equal(await source.Objects.GetPolicyAsync(Objects[0], default), await target.Objects.GetPolicyAsync(Objects[0], default));
        Assert.Equivalent(await source.Access.GetAsync("vault1", default), await target.Access.GetAsync("vault1", default), strict: true);
        Assert.Equivalent(await source.Access.GetAsync("vault2", default), await target.Access.GetAsync("vault2", default), strict: true);
        Assert.Equal(await source.Vaults.ListAsync(default), await target.Vaults.ListAsync(default));
        Assert.Equal(await source.Clients.ListAsync(default), await target.Clients.ListAsync(default));
        Assert.Equal(await source.Users.ListAsync(default), await target.Users.ListAsync(default));
        Assert.Single(await target.Users.ListAsync(default));
        Assert.Equal(await source.Settings.ListAsync("", default), await target.Settings.ListAsync("", default));
        Assert.Equivalent(await source.Keyring.ListAsync(default), await target.Keyring.ListAsync(default), strict: true);
        Assert.Equivalent(await source.Audit.ReadAsync(1, 100, default), await target.Audit.ReadAsync(1, 100, default), strict: true);
        Assert.Equal((5L, null), await VerifyAuditAsync(target));
    }

    [Theory]
    [InlineData("sqlite", "postgres")]
    [InlineData("postgres", "sqlite")]
    public async Task Import_ThenNewWrites_ContinueAfterTheCopiedIdsAndTheChain(string from, string to)
    {
        var source = await OpenAsync(from);
        var target = await OpenAsync(to);
        await PopulateAsync(source);
        await target.Transfer.ImportAsync(source.Transfer.ExportAsync(default), default);

        await target.Objects.AddVersionAsync(Objects[0], Version("new"), default);
        await target.Objects.AddVersionAsync(new ObjectRef("vault1", ObjectKind.Secret, "brand-new"), Version("fresh"), default);
        await target.Audit.AppendAsync([Entry(6)], Chain, default);

        Assert.Equal(Id("new"), (await target.Objects.GetVersionAsync(Objects[0], null, default))!.Version);
        Assert.Equal(Id("fresh"), (await target.Objects.GetVersionAsync(new ObjectRef("vault1", ObjectKind.Secret, "brand-new"), null, default))!.Version);
        Assert.Equal(4, (await target.Objects.ReadObjectAsync(Objects[0], default))!.Versions.Count);
        Assert.Equal((6L, null), await VerifyAuditAsync(target));
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task Import_TargetHoldsAnything_IsRefusedBeforeReadingTheSource_AndWritesNothing(string to)
    {
        var target = await OpenAsync(to);
        await target.Settings.SetAsync("default-tenant-id", "other", default);
        await target.Audit.AppendAsync([Entry(1)], Chain, default);
        var source = await OpenAsync("sqlite");
        await PopulateAsync(source);

        var refused = await Assert.ThrowsAsync<StorageNotEmptyException>(() => target.Transfer.ImportAsync(NeverRead(), default));

        Assert.Equal([StorageTable.Settings, StorageTable.AuditLog], refused.Occupied);
        Assert.Contains("settings, audit entries", refused.Message, StringComparison.Ordinal);
        Assert.Equal([("default-tenant-id", "other")], await target.Settings.ListAsync("", default));
        Assert.Equal((1L, null), await VerifyAuditAsync(target));
    }

    [Theory]
    [InlineData("sqlite", "postgres")]
    [InlineData("postgres", "sqlite")]
    public async Task Import_SourceFailsMidway_LeavesTheTargetEmpty_AndARunAgainCopiesEverything(string from, string to)
    {
        var source = await OpenAsync(from);
        var target = await OpenAsync(to);
        await PopulateAsync(source);

        await Assert.ThrowsAsync<IOException>(() => target.Transfer.ImportAsync(FailAfterFirstVersion(source.Transfer.ExportAsync(default)), default));
        var left = await CountAsync(target.Transfer.ExportAsync(default));
        await target.Transfer.ImportAsync(source.Transfer.ExportAsync(default), default);

        Assert.Equal(0, left);
        Assert.True((await StorageComparison.CompareAsync(source.Transfer, target.Transfer, default)).Equal);
    }

    [Fact]
    public async Task Compare_TargetChangedAfterTheCopy_ShowsWhichTablesDiffer()
    {
        var source = await OpenAsync("sqlite");
        var target = await OpenAsync("postgres");
        await PopulateAsync(source);
        await target.Transfer.ImportAsync(source.Transfer.ExportAsync(default), default);
        await target.Objects.UpdateVersionAsync(Objects[0], Version("a") with { Tags = new Dictionary<string, string> { ["t"] = "changed" } }, default);

        var comparison = await StorageComparison.CompareAsync(source.Transfer, target.Transfer, default);

        Assert.False(comparison.Equal);
        Assert.Equal(["versions", "  of secrets"], comparison.Lines.Where(l => !l.Equal).Select(l => l.What));
        Assert.All(comparison.Lines, l => Assert.Equal(l.SourceRows, l.TargetRows));
    }

    private static ObjectRef Deleted => new("vault1", ObjectKind.Secret, "old");

    private static ObjectRef Pending => new("vault1", ObjectKind.Certificate, "pending");

    /// <summary>Some of every table: settings, keyring, clients, users, two vaults (policies with an issuer; RBAC with an assignment), objects of every kind with several versions, a soft-deleted one, a pending certificate, an object policy, audit entries.</summary>
    private static async Task PopulateAsync(ICofferStorage store)
    {
        await store.Settings.SetAsync("default-tenant-id", "tenant", default);
        await store.Settings.SetAsync("tls-ca", "sealed-ca", default);
        await store.Settings.SetAsync("issuer:vault1:digicert", "sealed-issuer", default);
        await store.Keyring.AddAsync(new WrappedKeyringKey(1, [1, 2, 3], Now), default);
        await store.Keyring.AddAsync(new WrappedKeyringKey(2, [4, 5, 6], Now.AddDays(1)), default);
        await store.Clients.CreateAsync(new ClientRegistration("client-a", "oid-a", "tenant", "default", "hash-a", true, Now), default);
        await store.Clients.CreateAsync(new ClientRegistration("client-b", "oid-b", "tenant", "ci-bot", "hash-b", false, Now.AddSeconds(5)), default);
        await store.Users.CreateAsync(new UserAccount("alice", "oid-u", "tenant", "Alice", "hash-u", false, Now.AddSeconds(6)), default);
        await store.Vaults.CreateAsync(new Vault("vault1", "tenant", "sub", "eastus", 90, false, Now),
            [new AccessPolicy("tenant", "oid-b", [], ["get"], []), new AccessPolicy("tenant", "oid-a", ["all"], ["get", "set"], ["list"]),
             new AccessPolicy("tenant", "oid-x", [], ["list"], [], "https://idp.example/")], default);
        await store.Vaults.CreateAsync(new Vault("vault2", "tenant", "sub", "westeurope", 7, true, Now), default);
        await store.Access.SetModeAsync("vault2", VaultAuthorizationMode.Rbac, default);
        await store.Access.CreateAssignmentAsync("vault2",
            new RoleAssignment("assignment-1", "role-def", "oid-x", "/", Now, "https://idp.example/"), default);

        foreach (var (obj, i) in Objects.Select((o, i) => (o, i)))
        {
            var versions = obj.Kind == ObjectKind.Certificate || obj.Vault == "vault2" ? 1 : obj.Name == "web" ? 1 : 3;
            for (var v = 0; v < versions; v++)
            {
                await store.Objects.AddVersionAsync(obj, Version(((char)('a' + v)).ToString(), Now.AddSeconds(i * 10 + v)), default);
            }
        }

        await store.Objects.AddVersionAsync(Objects[1], Version("d") with { Attributes = new ObjectAttributes(false, Now, Now.AddDays(30)) }, default);
        await store.Objects.SetPolicyAsync(Objects[0], """{"rotation":"P30D"}""", default);
        await store.Objects.AddVersionAsync(Deleted, Version("a"), default);
        await store.Objects.AddVersionAsync(Deleted, Version("b"), default);
        await store.Objects.SoftDeleteAsync(Deleted, new DeletionInfo(Now.AddDays(2), Now.AddDays(9)), [], default);
        await store.Objects.SetPendingAsync(Pending, [9, 9, 9], default);
        await store.Objects.AddVersionAsync(Objects[2], Version("z"), default);
        await store.Audit.AppendAsync([Entry(1), Entry(2) with { Status = null }, Entry(3)], Chain, default);
        await store.Audit.AppendAsync([Entry(4) with { Issuer = "https://idp.example/" }, Entry(5)], Chain, default);
    }

    private async Task<ICofferStorage> OpenAsync(string provider)
    {
        var storage = provider == "sqlite"
            ? await new SqliteStorageProvider(Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".db")).OpenAsync(default)
            : await new PostgresStorageProvider(await cluster.CreateDatabaseAsync()).OpenAsync(default);
        _opened.Add(storage);
        return storage;
    }

    private static async Task<(long Intact, long? FirstBroken)> VerifyAuditAsync(ICofferStorage storage)
    {
        var outcome = await new AuditVerifier(storage.Audit, Chain).VerifyAsync(default);
        return (outcome.Intact, outcome.FirstBroken);
    }

    private static async IAsyncEnumerable<StorageRow> NeverRead()
    {
        await Task.Yield();
        throw new InvalidOperationException("The source was read although the target is not empty.");
#pragma warning disable CS0162 // an iterator needs a yield
        yield break;
#pragma warning restore CS0162
    }

    private static async IAsyncEnumerable<StorageRow> FailAfterFirstVersion(IAsyncEnumerable<StorageRow> rows)
    {
        await foreach (var row in rows)
        {
            yield return row;
            if (row is VersionRow)
            {
                throw new IOException("the source went away");
            }
        }
    }

    private static async Task<long> CountAsync(IAsyncEnumerable<StorageRow> rows)
    {
        var count = 0L;
        await foreach (var _ in rows)
        {
            count++;
        }

        return count;
    }

    private static string Id(string seed) => seed.PadRight(32, '0');

    private static ObjectVersion Version(string seed, DateTimeOffset? created = null) => new(
        Id(seed), created ?? Now, created ?? Now, ObjectAttributes.Default,
        new Dictionary<string, string> { ["t"] = "v" }, seed == "a" ? "text/plain" : null, [1, 2, (byte)seed[0]], seed == "b" ? """{"kid":"x"}""" : null);

    private static AuditEntry Entry(long sequence) =>
        new(DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_123 + sequence), "oid", "app", "tid", "vault1", "SecretGet", "secret",
            $"name-{sequence}", null, 200, $"request-{sequence}", "correlation", "::1");
}
