using Coffer.Server.Audit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Coffer.Server.Tests;

public sealed class AuditOperationsTests
{
    [Theory]
    [InlineData("PUT", "/secrets/{name}", "SecretSet", "secret")]
    [InlineData("GET", "/secrets/{name}/{version?}", "SecretGet", "secret")]
    [InlineData("GET", "/secrets/", "SecretList", "secret")]
    [InlineData("GET", "/secrets/{name}/versions", "SecretListVersions", "secret")]
    [InlineData("POST", "/secrets/{name}/backup", "SecretBackup", "secret")]
    [InlineData("POST", "/keys/restore", "KeyRestore", "key")]
    [InlineData("POST", "/keys/{name}/create", "KeyCreate", "key")]
    [InlineData("PUT", "/keys/{name}", "KeyImport", "key")]
    [InlineData("POST", "/keys/{name}/{version}/wrapkey", "KeyWrapKey", "key")]
    [InlineData("DELETE", "/deletedcertificates/{name}", "CertificatePurge", "certificate")]
    [InlineData("POST", "/deletedkeys/{name}/recover", "KeyRecover", "key")]
    [InlineData("GET", "/deletedsecrets/", "SecretListDeleted", "secret")]
    [InlineData("POST", "/certificates/{name}/pending/merge", "CertificatePendingMerge", "certificate")]
    [InlineData("PUT", "/certificates/issuers/{name}", "CertificateIssuerSet", "certificateissuer")]
    [InlineData("POST", "/_coffer/vaults/", "VaultCreate", "vault")]
    [InlineData("DELETE", "/_coffer/vaults/{name}", "VaultDelete", "vault")]
    [InlineData("POST", "/_coffer/backup", "VaultBackup", "vault")]
    [InlineData("POST", "/_coffer/backup/reseal", "BackupReseal", "backup")]
    public void Of_Route_NamesTheOperation(string method, string pattern, string operation, string kind)
    {
        var endpoint = new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse(pattern), 0, EndpointMetadataCollection.Empty, null);

        var named = new AuditOperations().Of(endpoint, method);

        Assert.Equal((operation, kind), (named.Name, named.ObjectKind));
    }
}
