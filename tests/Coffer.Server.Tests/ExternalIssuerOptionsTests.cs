using Coffer.Server.Auth;
using Coffer.Server.Hosting;

namespace Coffer.Server.Tests;

/// <summary>The <c>--external-issuer</c> form, and the <c>iss</c> each issuer's tokens are routed by before anything is fetched.</summary>
public sealed class ExternalIssuerOptionsTests
{
    [Theory]
    [InlineData("https://idp.example.com/.well-known/openid-configuration|api://coffer", "https://idp.example.com")]
    [InlineData("https://login.microsoftonline.com/72f988bf/v2.0/.well-known/openid-configuration|api://coffer|t1", "https://login.microsoftonline.com/72f988bf/v2.0")]
    [InlineData("https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration|api://coffer||https://login.microsoftonline.com/{tenantid}/v2.0",
        "https://login.microsoftonline.com/{tenantid}/v2.0")]
    public void TryParse_MetadataUrlOrIssuerField_KnowsTheIssuer(string option, string issuer) =>
        Assert.Equal(issuer, ExternalIssuerOptions.TryParse(option)!.Issuer);

    [Fact]
    public void Validate_MetadataUrlNotOfTheDiscoveryFormWithoutIssuer_IsAProblem()
    {
        var options = new CofferOptions { ExternalIssuers = [ExternalIssuerOptions.TryParse("https://idp.example.com/oidc/metadata.json|api://coffer")!] };

        Assert.Contains(options.Validate(), p => p.Contains("fourth field", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MetadataUrlNotOfTheDiscoveryFormWithIssuer_IsAccepted()
    {
        var options = new CofferOptions { ExternalIssuers = [ExternalIssuerOptions.TryParse("https://idp.example.com/oidc/metadata.json|api://coffer||https://idp.example.com")!] };

        Assert.DoesNotContain(options.Validate(), p => p.Contains("--external-issuer", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_PortalClientIdWithoutExternalIssuer_IsAProblem()
    {
        var options = new CofferOptions { ExternalIssuerPortalClientId = "coffer-portal" };

        Assert.Contains(options.Validate(), p => p.Contains("--external-issuer-portal-client-id needs an --external-issuer", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_PortalClientSecretWithoutClientId_IsAProblem()
    {
        var options = new CofferOptions
        {
            ExternalIssuers = [ExternalIssuerOptions.TryParse("https://idp.example.com/.well-known/openid-configuration|api://coffer")!],
            ExternalIssuerPortalClientSecret = "secret",
        };

        Assert.Contains(options.Validate(), p => p.Contains("--external-issuer-portal-client-secret needs --external-issuer-portal-client-id", StringComparison.Ordinal));
    }
}
