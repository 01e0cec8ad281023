using Coffer.Core;
using Coffer.Core.Audit;
using Coffer.Core.Authorization;
using Coffer.Core.Storage;

namespace Coffer.Storage.Tests;

/// <summary>Two store instances on one database, as two Coffer nodes: what each writes at the same time as the other.</summary>
public abstract partial class StoreContract
{
    private const int Writers = 16;

    [Fact]
    public async Task AddVersion_TwoNodesWritingOneObjectAtOnce_LoseNoVersion()
    {
        var nodes = new[] { Store, await OpenNodeAsync() };
        var obj = Secret("contended");
        var written = Enumerable.Range(0, Writers * 10).Select(_ => Guid.NewGuid().ToString("N")).ToList();

        await Task.WhenAll(written.Chunk(10).Select((ids, writer) => Task.Run(async () =>
        {
            foreach (var id in ids)
            {
                Assert.Equal(AddVersionResult.Added, await nodes[writer % 2].Objects.AddVersionAsync(obj, Version("a") with { Version = id }, default));
            }
        })));

        var listed = new List<string>();
        for (string? next = null; ;)
        {
            var page = await nodes[1].Objects.ListVersionsAsync(obj, new PageRequest(25, next), default);
            listed.AddRange(page.Items.Select(v => v.Version));
            if ((next = page.Next) is null)
            {
                break;
            }
        }

        Assert.Equal(written.Order(), listed.Order());
        Assert.Equal(listed[^1], (await Store.Objects.GetVersionAsync(obj, null, default))!.Version);
    }

    [Fact]
    public async Task InsertObjects_TwoNodesRestoringOneNameAtOnce_ExactlyOneSucceeds()
    {
        var nodes = new[] { Store, await OpenNodeAsync() };
        var obj = Secret("restored-once");
        var restores = Enumerable.Range(0, Writers)
            .Select(_ => Enumerable.Range(0, 5).Select(_ => Version("a") with { Version = Guid.NewGuid().ToString("N") }).ToList())
            .ToList();

        var results = await Task.WhenAll(restores.Select((versions, i) =>
            Task.Run(() => nodes[i % 2].Objects.InsertObjectsAsync([new ObjectInsert(obj, versions, null)], default))));

        var winner = Assert.Single(results.Select((result, i) => (result, i)), r => r.result == InsertObjectResult.Inserted).i;
        Assert.All(results.Where(r => r != InsertObjectResult.Inserted), r => Assert.Equal(InsertObjectResult.NameActive, r));
        var stored = await nodes[1].Objects.ReadObjectAsync(obj, default);
        Assert.Equal(restores[winner].Select(v => v.Version), stored!.Versions.Select(v => v.Version));
    }

    [Fact]
    public async Task CreateVault_TwoNodesCreatingOneNameAtOnce_MakeOneVault()
    {
        var nodes = new[] { Store, await OpenNodeAsync() };
        var candidates = Enumerable.Range(0, Writers).Select(_ => NewVault("contended-vault")).ToList();

        var created = await Task.WhenAll(candidates.Select((vault, i) =>
            Task.Run(() => nodes[i % 2].Vaults.CreateAsync(vault, [AccessPolicy.All(vault.TenantId, $"creator-{i}", issuer: null)], default))));

        var winner = Assert.Single(created.Select((ok, i) => (ok, i)), c => c.ok).i;
        Assert.Single(await nodes[1].Vaults.ListAsync(default), v => v.Name == "contended-vault");
        Assert.Equal(candidates[winner].TenantId, (await Store.Vaults.GetAsync("contended-vault", default))!.TenantId);
        Assert.Equal($"creator-{winner}", Assert.Single((await nodes[1].Access.GetAsync("contended-vault", default))!.Policies).ObjectId);
    }

    [Fact]
    public async Task DeploymentKeys_TwoNodesStartingAtOnce_AgreeOnTheFirst()
    {
        var nodes = new[] { Store, await OpenNodeAsync() };

        var settings = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i =>
            Task.Run(() => nodes[i % 2].Settings.GetOrAddAsync("issuer-signing-key", $"candidate-{i}", default))));
        var keys = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i =>
            Task.Run(() => nodes[i % 2].Keyring.AddAsync(new WrappedKeyringKey(1, [(byte)i], Now), default))));

        Assert.Single(settings.Distinct());
        Assert.Equal(settings[0], await nodes[1].Settings.GetAsync("issuer-signing-key", default));
        var added = Assert.Single(keys.Select((ok, i) => (ok, i)), k => k.ok).i;
        Assert.Equal([(byte)added], Assert.Single(await nodes[1].Keyring.ListAsync(default)).Wrapped);
    }

    [Fact]
    public async Task UpdatePolicies_TwoNodesChangingOneVaultAtOnce_LoseNoChange()
    {
        var nodes = new[] { Store, await OpenNodeAsync() };

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(i => Task.Run(() =>
            nodes[i % 2].Access.UpdatePoliciesAsync("vault1", current => [.. current, AccessPolicy.All("t", $"principal-{i}", issuer: null)], default))));

        var policies = (await nodes[1].Access.GetAsync("vault1", default))!.Policies;
        Assert.Equal(Enumerable.Range(0, Writers).Select(i => $"principal-{i}").Order(), policies.Select(p => p.ObjectId).Order());
    }

    [Fact]
    public async Task Audit_TwoNodesWritingAtOnce_FormOneChain()
    {
        var nodes = new[] { Store, await OpenNodeAsync() };

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(i => Task.Run(async () =>
        {
            var node = nodes[i % 2];
            var audit = new TransactionAudit(() => WriteEntry($"audited-{i}"), TestChain);
            TransactionAudit.Begin(audit);
            await node.Objects.AddVersionAsync(Secret($"audited-{i}"), Version("a"), default);
            Assert.True(audit.IsCommitted);
            await node.Audit.AppendAsync([WriteEntry($"audited-{i}") with { Status = 200 }], TestChain, default); // its outcome, appended afterwards
        })));

        var records = await nodes[1].Audit.ReadAsync(1, 1000, default);
        Assert.Equal(Enumerable.Range(1, 2 * Writers).Select(i => (long)i), records.Select(r => r.Sequence));
        Assert.Null(TestChain.FirstBroken(records, null));
        Assert.Equal(Writers, records.Count(r => r.Entry.Status is null));
    }
}
