using System.Security.Cryptography;
using Coffer.Core.Backup;
using Coffer.Core.Backup.SecurityDomain;
using Coffer.Core.Errors;
using Konscious.Security.Cryptography;

namespace Coffer.Core.Tests;

public sealed class PassphraseKeysTests
{
    private static readonly BackupProtectionKey[] Keys = [new(Guid.NewGuid().ToString("N"), "11111111-1111-1111-1111-111111111111", "US", RandomNumberGenerator.GetBytes(32))];

    /// <summary>RFC 9106 §5.3, the Argon2id test vector: the library Coffer derives passphrase keys with computes Argon2id as specified.</summary>
    [Fact]
    public void Argon2id_Rfc9106Vector_Matches()
    {
        using var argon2 = new Argon2id(Enumerable.Repeat((byte)1, 32).ToArray())
        {
            Salt = Enumerable.Repeat((byte)2, 16).ToArray(),
            KnownSecret = Enumerable.Repeat((byte)3, 8).ToArray(),
            AssociatedData = Enumerable.Repeat((byte)4, 12).ToArray(),
            MemorySize = 32, Iterations = 3, DegreeOfParallelism = 4,
        };

        Assert.Equal("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659", Convert.ToHexStringLower(argon2.GetBytes(32)));
    }

    [Fact]
    public void Open_RightPassphrase_GivesEveryKey_WrongOneIsRefused()
    {
        var document = SecurityDomainFormat.Read(SecurityDomainFormat.Write(SecurityDomainFormat.CreateWithPassphrase(Keys, "correct horse battery staple", DateTimeOffset.UtcNow)));

        var keys = SecurityDomainFormat.Open(document, [PassphraseKeys.Open(document, "correct horse battery staple")]);
        var wrong = Assert.Throws<KeyVaultException>(() => PassphraseKeys.Open(document, "correct horse battery stapler"));

        Assert.Equal(Convert.ToHexString(Keys[0].Key), Convert.ToHexString(Assert.Single(keys).Key));
        Assert.Equal((1, 0, "argon2id"), (document.Quorum, document.Shares.Count, document.Passphrase!.Kdf));
        Assert.Equal(SecurityDomainErrors.InvalidCode, wrong.Code);
    }

    [Fact]
    public void Open_PassphraseDocumentEdited_IsRefusedByTheMac()
    {
        var document = SecurityDomainFormat.CreateWithPassphrase(Keys, "correct horse battery staple", DateTimeOffset.UtcNow);
        var secret = PassphraseKeys.Open(document, "correct horse battery staple");

        var error = Assert.Throws<KeyVaultException>(() => SecurityDomainFormat.Open(document with { Created = document.Created.AddDays(1) }, [secret]));

        Assert.Contains("MAC", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ShortPassphrase_IsRefused() =>
        Assert.Equal("BadParameter", Assert.Throws<KeyVaultException>(() => SecurityDomainFormat.CreateWithPassphrase(Keys, "too short", DateTimeOffset.UtcNow)).Code);
}
