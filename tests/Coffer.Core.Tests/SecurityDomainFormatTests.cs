using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Coffer.Core.Backup;
using Coffer.Core.Backup.SecurityDomain;
using Coffer.Core.Errors;
using Coffer.Tests;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Coffer.Core.Tests;

public sealed class SecurityDomainFormatTests
{
    private static readonly OperatorIdentity[] Operators = [OperatorIdentity.Rsa("a"), OperatorIdentity.Ec("b"), OperatorIdentity.Rsa("c")];

    private static readonly BackupProtectionKey[] Keys =
    [
        new(Guid.NewGuid().ToString("N"), "11111111-1111-1111-1111-111111111111", "US", RandomNumberGenerator.GetBytes(32)),
        new(Guid.NewGuid().ToString("N"), "22222222-2222-2222-2222-222222222222", "Europe", RandomNumberGenerator.GetBytes(32)),
    ];

    private static readonly Lazy<(SecurityDomainDocument Document, byte[] File)> Domain = new(() =>
    {
        var document = SecurityDomainFormat.Create(Keys, Operators.Select(o => o.Certificate).ToList(), 2, DateTimeOffset.UnixEpoch.AddSeconds(1_800_000_000));
        return (document, SecurityDomainFormat.Write(document));
    });

    [Theory]
    [InlineData(0, 1)]
    [InlineData(0, 2)]
    [InlineData(1, 2)]
    public void Open_AnyTwoOfThree_GivesEveryKey(int first, int second)
    {
        var document = SecurityDomainFormat.Read(Domain.Value.File);

        var keys = SecurityDomainFormat.Open(document, [Recover(document, first), Recover(document, second)]);

        Assert.Equal(Keys.Select(k => (k.Id, k.SubscriptionId, k.Geography, Convert.ToHexString(k.Key))),
            keys.Select(k => (k.Id, k.SubscriptionId, k.Geography, Convert.ToHexString(k.Key))));
    }

    [Fact]
    public void Open_OneShare_IsRefusedForQuorum()
    {
        var document = Domain.Value.Document;
        var error = Assert.Throws<KeyVaultException>(() => SecurityDomainFormat.Open(document, [Recover(document, 0), Recover(document, 0)]));
        Assert.Equal("SecurityDomainQuorumNotMet", error.Code);
    }

    [Fact]
    public void Decrypt_WithAnotherOperatorsKey_IsRefused()
    {
        var document = Domain.Value.Document;
        var error = Assert.Throws<KeyVaultException>(() => OperatorKeys.Decrypt(document, document.Shares[0], Operators[2].PrivateKey));
        Assert.Equal(SecurityDomainErrors.InvalidCode, error.Code);
    }

    [Fact]
    public void Open_ShareNotMatchingItsCommitment_IsRefused()
    {
        var document = Domain.Value.Document;
        var share = Recover(document, 0);
        share.Value[5] ^= 1;
        var error = Assert.Throws<KeyVaultException>(() => SecurityDomainFormat.Open(document, [share, Recover(document, 1)]));
        Assert.Contains("commitment", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_ListingOrQuorumEdited_IsRefusedByTheMac()
    {
        var document = Domain.Value.Document;
        var shares = new[] { Recover(document, 0), Recover(document, 2) };
        var edited = new[]
        {
            document with { ProtectionKeys = [document.ProtectionKeys[0]] },
            document with { Created = document.Created.AddSeconds(1) },
            document with { Shares = [.. document.Shares.Take(2), document.Shares[2] with { Certificate = document.Shares[2].Certificate with { Subject = "CN=mallory" } }] },
        };

        foreach (var document2 in edited)
        {
            var error = Assert.Throws<KeyVaultException>(() => SecurityDomainFormat.Open(document2, shares));
            Assert.Contains("MAC", error.Message, StringComparison.Ordinal);
        }
    }

    /// <summary>Any one byte of the file changed: the document is refused, or (a byte of layout only) it is the same document.</summary>
    [Property(MaxTest = 150)]
    public Property ReadAndOpen_AnyChangedByte_IsRefusedOrChangesNothing(PositiveInt position, byte delta)
    {
        var file = (byte[])Domain.Value.File.Clone();
        var at = position.Get % file.Length;
        file[at] = (byte)(file[at] ^ (delta == 0 ? 1 : delta));
        try
        {
            var document = SecurityDomainFormat.Read(file);
            var shares = document.Shares.Take(2).Select((share, i) => OperatorKeys.Decrypt(document, share, Operators[i].PrivateKey)).ToList();
            SecurityDomainFormat.Open(document, shares);
            return (Encoding.UTF8.GetString(SecurityDomainFormat.Write(document)) == Encoding.UTF8.GetString(Domain.Value.File)).Label($"byte {at} changed, still opened");
        }
        catch (KeyVaultException e) when (e.Code == SecurityDomainErrors.InvalidCode)
        {
            return true.ToProperty();
        }
    }

    [Fact]
    public void Create_WrongShape_IsRefused()
    {
        var two = Operators.Take(2).Select(o => o.Certificate).ToList();
        Assert.Equal("BadParameter", Assert.Throws<KeyVaultException>(() => SecurityDomainFormat.Create(Keys, two, 2, DateTimeOffset.UnixEpoch)).Code);
        var three = Operators.Select(o => o.Certificate).ToList();
        Assert.Equal("BadParameter", Assert.Throws<KeyVaultException>(() => SecurityDomainFormat.Create(Keys, three, 1, DateTimeOffset.UnixEpoch)).Code);
        var same = new List<X509Certificate2> { three[0], three[0], three[1] };
        Assert.Equal("BadParameter", Assert.Throws<KeyVaultException>(() => SecurityDomainFormat.Create(Keys, same, 2, DateTimeOffset.UnixEpoch)).Code);
    }

    private static RecoveredShare Recover(SecurityDomainDocument document, int operatorIndex) =>
        OperatorKeys.Decrypt(document, document.Shares[operatorIndex], Operators[operatorIndex].PrivateKey);
}
