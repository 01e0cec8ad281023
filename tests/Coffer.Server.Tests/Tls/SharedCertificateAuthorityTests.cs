using System.Net;
using Coffer.Core.Crypto;
using Coffer.Server.Tls;
using Coffer.Storage.Sqlite;

namespace Coffer.Server.Tests.Tls;

/// <summary>Nodes sharing one database present certificates of one CA, whatever their data directories held before.</summary>
public sealed class SharedCertificateAuthorityTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("coffer-ca-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task LoadOrCreateShared_TwoNodesWithTheirOwnCa_BothUseTheFirstStoredAndReissueTheirServerCertificate()
    {
        using var database = await SqliteDatabase.OpenAsync(Path.Combine(_root, "coffer.db"), default);
        var sealer = new EnvelopeSealer(await Keyring.LoadAsync(new SqliteKeyringStore(database), RootKey.Generate(), TimeProvider.System, default));
        var settings = new SqliteSettingStore(database);
        var (nodeA, nodeB) = (Path.Combine(_root, "a"), Path.Combine(_root, "b"));
        var ownOfB = CertificateAuthority.LoadOrCreate(nodeB, TimeProvider.System);
        using var oldServerOfB = ownOfB.ServerCertificate(nodeB, "vault.localhost", IPAddress.Loopback, TimeProvider.System);

        var a = await CertificateAuthority.LoadOrCreateSharedAsync(nodeA, settings, sealer, TimeProvider.System, default);
        var b = await CertificateAuthority.LoadOrCreateSharedAsync(nodeB, settings, sealer, TimeProvider.System, default);
        using var serverOfB = b.ServerCertificate(nodeB, "vault.localhost", IPAddress.Loopback, TimeProvider.System);

        Assert.Equal(a.Certificate.Thumbprint, b.Certificate.Thumbprint);
        Assert.NotEqual(ownOfB.Certificate.Thumbprint, b.Certificate.Thumbprint);
        Assert.Equal(a.CertificatePem, await File.ReadAllTextAsync(Path.Combine(nodeB, "ca.pem")));
        Assert.NotEqual(oldServerOfB.Thumbprint, serverOfB.Thumbprint);
        using var chain = new System.Security.Cryptography.X509Certificates.X509Chain();
        chain.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(a.Certificate);
        chain.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
        Assert.True(chain.Build(serverOfB));
    }
}
