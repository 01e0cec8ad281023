using System.Security.Cryptography;
using Coffer.Core.Audit;

namespace Coffer.Core.Tests;

public sealed class AuditChainTests
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    private static AuditEntry Entry(int i, int? status = 200) => new(
        DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000 + i), "oid", "app", "tenant", "vault", "SecretGet", "secret", $"name-{i}", null,
        status, $"request-{i}", null, "127.0.0.1");

    private static List<AuditRecord> Chain(AuditChain chain, int count)
    {
        var records = new List<AuditRecord>();
        for (var i = 1; i <= count; i++)
        {
            records.Add(chain.Seal(i, Entry(i), records.Count == 0 ? AuditChain.Genesis : records[^1].Hash));
        }

        return records;
    }

    [Fact]
    public void FirstBroken_IntactChain_IsNull()
    {
        var chain = new AuditChain(_key);

        Assert.Null(chain.FirstBroken(Chain(chain, 5), null));
    }

    [Fact]
    public void FirstBroken_EditedDeletedOrSwappedEntry_NamesIt()
    {
        var chain = new AuditChain(_key);
        var edited = Chain(chain, 5);
        edited[2] = edited[2] with { Entry = edited[2].Entry with { Status = 403 } };
        var deleted = Chain(chain, 5);
        deleted.RemoveAt(1);
        var swapped = Chain(chain, 5);
        (swapped[3], swapped[4]) = (swapped[4] with { Sequence = 4 }, swapped[3] with { Sequence = 5 });

        Assert.Equal(3, chain.FirstBroken(edited, null));
        Assert.Equal(2, chain.FirstBroken(deleted, null));
        Assert.Equal(4, chain.FirstBroken(swapped, null));
    }

    [Fact]
    public void FirstBroken_ChainRewrittenWithoutTheRootKey_IsBroken()
    {
        var forged = Chain(new AuditChain(RandomNumberGenerator.GetBytes(32)), 3);

        Assert.Equal(1, new AuditChain(_key).FirstBroken(forged, null));
    }

    [Fact]
    public void Hash_NullAndEmptyField_Differ()
    {
        var chain = new AuditChain(_key);

        Assert.NotEqual(chain.Hash(1, Entry(1) with { ObjectVersion = null }, AuditChain.Genesis),
            chain.Hash(1, Entry(1) with { ObjectVersion = "" }, AuditChain.Genesis));
    }

    [Fact]
    public void Hash_EntryWithoutIssuer_IsTheHashOfEntriesWrittenBeforeIssuersWereRecorded()
    {
        // The first entry of Entry(1) under key 00 01 .. 1f, computed independently (HMAC-SHA256 over the length-prefixed fields).
        using var chain = new AuditChain([.. Enumerable.Range(0, 32).Select(i => (byte)i)]);

        Assert.Equal("35783177139e5ac9fbcccc64c65c495b44c920f6b856ff2136fad7bc3c5ac1f3", Convert.ToHexStringLower(chain.Hash(1, Entry(1), AuditChain.Genesis)));
    }

    [Fact]
    public void FirstBroken_IssuerAddedOrChanged_NamesTheEntry()
    {
        var chain = new AuditChain(_key);
        var records = new List<AuditRecord> { chain.Seal(1, Entry(1) with { Issuer = "https://idp.example/" }, AuditChain.Genesis) };
        var dropped = new List<AuditRecord> { records[0] with { Entry = records[0].Entry with { Issuer = null } } };
        var changed = new List<AuditRecord> { records[0] with { Entry = records[0].Entry with { Issuer = "https://other.example/" } } };

        Assert.Null(chain.FirstBroken(records, null));
        Assert.Equal(1, chain.FirstBroken(dropped, null));
        Assert.Equal(1, chain.FirstBroken(changed, null));
    }
}
