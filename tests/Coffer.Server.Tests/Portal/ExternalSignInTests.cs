using System.Net;
using Coffer.Client.Management;
using Coffer.Server.Hosting;
using Coffer.Server.Portal;
using Coffer.Tests;

namespace Coffer.Server.Tests.Portal;

/// <summary>The portal's sign-in through an external OIDC issuer over HTTP: the code flow, and each refusal starting no session.</summary>
public sealed class ExternalSignInTests : IAsyncLifetime
{
    private const string ClientId = "coffer-portal-at-idp";
    private const string ClientSecret = "the portal's secret at the idp";

    private TestOidcIssuer _issuer = null!;
    private CofferFixture _fixture = null!;

    public async Task InitializeAsync()
    {
        _issuer = await TestOidcIssuer.StartAsync();
        _issuer.ClientSecret = ClientSecret;
        _fixture = new CofferFixture(Directory.CreateTempSubdirectory("coffer-oidc-portal-").FullName,
            configureOptions: options =>
            {
                options.ExternalIssuers.Add(new Auth.ExternalIssuerOptions(_issuer.MetadataAddress, "api://coffer-tests"));
                options.ExternalIssuerPortalClientId = ClientId;
                options.ExternalIssuerPortalClientSecret = ClientSecret;
            });
        await _fixture.InitializeAsync();
        await DiscoveredAsync();
    }

    public async Task DisposeAsync()
    {
        await _fixture.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    [Fact]
    public async Task SignIn_CodeFlow_SessionOfCoffersOwn_ActsAsTheExternalPrincipal()
    {
        var principal = NewPrincipal();
        await _fixture.ManagementClient().UpdateAccessPoliciesAsync(_fixture.Deployment.DefaultVaultName, "add",
            [new AccessPolicyInfo(null, principal, new AccessPolicyPermissionsInfo(null, ["list"], null), _issuer.Issuer)], default);

        var (browser, callback, _) = await SignInAsync();

        Assert.Equal(HttpStatusCode.OK, callback.StatusCode);
        Assert.Equal("0;url=/portal/vaults", callback.Headers.GetValues("Refresh").Single());
        Assert.Equal(("code", "S256", ClientId), (_issuer.LastAuthorize["response_type"], _issuer.LastAuthorize["code_challenge_method"], _issuer.LastAuthorize["client_id"]));
        Assert.False(string.IsNullOrEmpty(_issuer.LastAuthorize["nonce"]));
        Assert.DoesNotContain('.', Session(browser.Handler)!); // not a token: the issuer's ID token is not kept
        var vaults = await browser.Client.GetAsync("/portal/vaults");
        Assert.Equal(HttpStatusCode.OK, vaults.StatusCode);
        Assert.Contains(_fixture.Deployment.DefaultVaultName, await vaults.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var entries = await _fixture.AuditEntriesAsync(e => e.Operation == "PortalSignIn" && e.ObjectId == principal);
        Assert.Contains(entries, e => e.Operation == "PortalSignIn" && (e.ObjectId, e.Issuer, e.ApplicationId, e.Status) == (principal, _issuer.Issuer, ClientId, 200));
    }

    [Theory]
    [InlineData("/portal/vaults/v1/secrets?x=1", "/portal/vaults/v1/secrets?x=1")]
    [InlineData("https://elsewhere.example/portal/", "/portal/vaults")]
    [InlineData("/portal/\r\nSet-Cookie: x=1", "/portal/vaults")]
    public async Task SignIn_ReturnUrl_ContinuesOnlyToAPortalPath(string returnUrl, string continuesTo)
    {
        NewPrincipal();

        var (_, callback, _) = await SignInAsync("?returnUrl=" + Uri.EscapeDataString(returnUrl));

        Assert.Equal(HttpStatusCode.OK, callback.StatusCode);
        Assert.Equal("0;url=" + continuesTo, callback.Headers.GetValues("Refresh").Single());
    }

    [Fact]
    public async Task SignIn_IdTokenWithAnotherNonce_Refused400_NoSession()
    {
        NewPrincipal();
        _issuer.IdTokenNonce = "a nonce of another sign-in";

        var (browser, callback, _) = await SignInAsync();

        await AssertRefusedAsync(browser, callback, "its nonce differs");
    }

    [Fact]
    public async Task SignIn_IdTokenForAnotherAudience_Refused400_NoSession()
    {
        NewPrincipal();
        _issuer.IdTokenAudience = "someone-elses-client";

        var (browser, callback, _) = await SignInAsync();

        await AssertRefusedAsync(browser, callback, $"Invalid audience. Expected {ClientId}.");
    }

    [Fact]
    public async Task SignIn_IssuerAnswersAnError_Refused400_NoSession()
    {
        NewPrincipal();
        _issuer.AuthorizeError = "access_denied";

        var (browser, callback, _) = await SignInAsync();

        await AssertRefusedAsync(browser, callback, "refused the sign-in: access_denied");
    }

    [Fact]
    public async Task SignIn_CallbackReplayed_Refused400_NoSession()
    {
        NewPrincipal();
        var (_, callback, used) = await SignInAsync();
        Assert.Equal(HttpStatusCode.OK, callback.StatusCode);

        // Another browser that started a flow of its own: the replayed state is not its flow's.
        var other = Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await other.Client.GetAsync("/portal/signin-external")).StatusCode);
        var replayed = await other.Client.GetAsync(used);

        await AssertRefusedAsync(other, replayed, "not started in this browser");
    }

    [Fact]
    public async Task SignIn_StateOfAnotherFlow_Refused400_NoSession()
    {
        NewPrincipal();
        var (browser, _) = Browser();
        var authorize = (await browser.GetAsync("/portal/signin-external")).Headers.Location!;
        var code = await CodeFromIssuerAsync(authorize);
        var forged = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(PortalClient.ExternalCallbackPath,
            new Dictionary<string, string?> { ["code"] = code["code"], ["state"] = "a state this browser never sent" });

        var response = await browser.GetAsync(forged);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    /// <summary>
    /// Until the server has the issuer's discovery document: on a loaded machine its first fetch may pass its 3 s limit,
    /// and sign-in then answers 503 through the back-off that follows.
    /// </summary>
    private async Task DiscoveredAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await Browser().Client.GetAsync("/portal/signin-external")).StatusCode != HttpStatusCode.Redirect)
        {
            Assert.True(DateTime.UtcNow < deadline, "the issuer's discovery document was not fetched within 60 s");
            await Task.Delay(250);
        }
    }

    private static async Task AssertRefusedAsync((HttpClient Client, CookieContainerHandler Handler) browser, HttpResponseMessage callback, string why)
    {
        Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        Assert.Contains(why, WebUtility.HtmlDecode(await callback.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Null(Session(browser.Handler));
        var vaults = await browser.Client.GetAsync("/portal/vaults");
        Assert.Equal(HttpStatusCode.Redirect, vaults.StatusCode);
        Assert.StartsWith("/portal/signin", vaults.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    /// <summary>As a browser: to the issuer (which signs in a new person at once) and back to the callback.</summary>
    private async Task<((HttpClient Client, CookieContainerHandler Handler) Browser, HttpResponseMessage Callback, string CallbackPath)> SignInAsync(string query = "")
    {
        var browser = Browser();
        var begin = await browser.Client.GetAsync("/portal/signin-external" + query);
        Assert.Equal(HttpStatusCode.Redirect, begin.StatusCode);
        var back = await CodeFromIssuerAsync(begin.Headers.Location!);
        var path = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(PortalClient.ExternalCallbackPath, back);
        return (browser, await browser.Client.GetAsync(path), path);
    }

    /// <summary>The query the issuer's authorize endpoint sends the browser back to the portal's callback with.</summary>
    private static async Task<Dictionary<string, string?>> CodeFromIssuerAsync(Uri authorize)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var response = await http.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal("https://localhost" + PortalClient.ExternalCallbackPath, location.GetLeftPart(UriPartial.Path));
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query).ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
    }

    private string NewPrincipal()
    {
        var principal = Guid.NewGuid().ToString();
        _issuer.SignInAs(new Dictionary<string, object> { ["oid"] = principal, ["name"] = "Erin External", ["preferred_username"] = "erin@idp.example" });
        return principal;
    }

    private (HttpClient Client, CookieContainerHandler Handler) Browser()
    {
        var handler = new CookieContainerHandler(_fixture.TestServer.CreateHandler());
        return (new HttpClient(handler) { BaseAddress = new Uri("https://localhost") }, handler);
    }

    private static string? Session(CookieContainerHandler handler) =>
        handler.Cookies.GetCookies(new Uri("https://localhost/")).FirstOrDefault(c => c.Name == PortalSession.CookieName)?.Value;
}
