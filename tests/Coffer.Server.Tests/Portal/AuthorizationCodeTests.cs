using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Coffer.Core.Audit;
using Coffer.Server.Auth;
using Coffer.Server.Portal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Coffer.Server.Tests.Portal;

/// <summary>The built-in authority's authorization code grant with PKCE, and the portal's guards, over HTTP.</summary>
[Collection(CofferServerGroup.Name)]
public sealed partial class AuthorizationCodeTests(CofferFixture fixture)
{
    private const string Password = "a long enough password";
    private const string RedirectUri = "https://localhost" + PortalClient.CallbackPath;

    [Fact]
    public async Task CodeGrant_SignInThenRedeemWithVerifier_TokenActsAsTheUser_CodeOnlyOnce()
    {
        var user = await NewUserAsync();
        await fixture.ManagementClient().UpdateAccessPoliciesAsync(fixture.Deployment.DefaultVaultName, "add",
            [new(null, user.ObjectId, new(null, ["list"], null))], default);
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

        var code = await SignInAsync(user.UserName, Password, AuthorizationCodes.ChallengeOf(verifier));
        var token = await RedeemAsync(code, verifier);

        Assert.Equal(HttpStatusCode.OK, token.Status);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/secrets?api-version=7.4");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Body.GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await fixture.RawClient().SendAsync(request)).StatusCode);
        var entries = await fixture.AuditEntriesAsync(e => e.ObjectId == user.ObjectId && e.Operation == "SecretList");
        Assert.Contains(entries, e => e.ObjectId == user.ObjectId && e.Operation == "SecretList" && e.ApplicationId == PortalClient.ClientId);

        var again = await RedeemAsync(code, verifier);
        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
        Assert.Equal("invalid_grant", again.Body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task CodeGrant_RedeemedOnOneNode_RefusedOnAnotherNode()
    {
        var user = await NewUserAsync();
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var code = await SignInAsync(user.UserName, Password, AuthorizationCodes.ChallengeOf(verifier));
        Assert.Equal(HttpStatusCode.OK, (await RedeemAsync(code, verifier)).Status);

        // Another node: its own AuthorizationCodes over the same database, with nothing in memory from the first.
        var otherNode = ActivatorUtilities.CreateInstance<AuthorizationCodes>(fixture.Server.App.Services);
        var (token, error) = await otherNode.ExchangeAsync(code, PortalClient.ClientId, RedirectUri, verifier, "https://vault.azure.net", default);

        Assert.Null(token);
        Assert.Equal("invalid_grant", error!.Error);
    }

    [Fact]
    public async Task CodeGrant_WrongVerifier_InvalidGrant()
    {
        var user = await NewUserAsync();
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var code = await SignInAsync(user.UserName, Password, AuthorizationCodes.ChallengeOf(verifier));

        var wrong = await RedeemAsync(code, Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32)));

        Assert.Equal("invalid_grant", wrong.Body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Authorize_WrongPassword_StaysOnTheSignInPage_NoCode()
    {
        var user = await NewUserAsync();
        var (client, page) = await AuthorizePageAsync(AuthorizationCodes.ChallengeOf(new string('a', 43)));

        var response = await PostSignInAsync(client, page, user.UserName, "not the password at all");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("The user name or password is incorrect.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("redirect_uri", "https://evil.example/portal/signin-callback", "AADSTS50011")]
    [InlineData("client_id", "someone-else", "AADSTS700016")]
    [InlineData("code_challenge_method", "plain", "AADSTS9002325")]
    public async Task Authorize_GrantNotForThePortal_RefusedWithoutRedirect(string field, string value, string error)
    {
        var query = AuthorizeQuery(AuthorizationCodes.ChallengeOf(new string('a', 43)));
        query[field] = value;

        var response = await fixture.TestServer.CreateClient().GetAsync(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(
            $"https://localhost/{fixture.Deployment.TenantId}/oauth2/v2.0/authorize", query));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains(error, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInPage_CarriesStrictCspHstsAndNoScript()
    {
        var (_, page) = await AuthorizePageAsync(AuthorizationCodes.ChallengeOf(new string('a', 43)));

        Assert.Equal(PortalSecurityHeadersMiddleware.ContentSecurityPolicy, page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.StartsWith("max-age=", page.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", PortalSecurityHeadersMiddleware.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task PortalPost_WithoutAntiforgeryToken_Refused400_NothingDeleted()
    {
        var user = await NewUserAsync();
        var vault = fixture.Deployment.DefaultVaultName;
        await fixture.ManagementClient().UpdateAccessPoliciesAsync(vault, "add", [new(null, user.ObjectId, new(null, ["get", "list", "delete"], null))], default);
        await fixture.SecretClient().SetSecretAsync("csrf-target", "v");
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var token = (await RedeemAsync(await SignInAsync(user.UserName, Password, AuthorizationCodes.ChallengeOf(verifier)), verifier)).Body
            .GetProperty("access_token").GetString();
        using var forged = new HttpRequestMessage(HttpMethod.Post, $"https://localhost/portal/vaults/{vault}/secrets/csrf-target/delete")
        {
            Content = new FormUrlEncodedContent([]),
        };
        forged.Headers.Add("Cookie", $"{PortalSession.CookieName}={token}");

        var response = await fixture.TestServer.CreateClient().SendAsync(forged);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The form was not sent by this site", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("v", (await fixture.SecretClient().GetSecretAsync("csrf-target")).Value.Value);
    }

    private async Task<Coffer.Client.Management.UserInfo> NewUserAsync() =>
        await fixture.ManagementClient().CreateUserAsync("u" + Guid.NewGuid().ToString("N")[..10], null, Password, admin: false, default);

    private static Dictionary<string, string?> AuthorizeQuery(string challenge) => new()
    {
        ["client_id"] = PortalClient.ClientId,
        ["response_type"] = "code",
        ["redirect_uri"] = RedirectUri,
        ["scope"] = "openid",
        ["state"] = "state-1",
        ["code_challenge"] = challenge,
        ["code_challenge_method"] = "S256",
    };

    /// <summary>The sign-in page, with a client that keeps its antiforgery cookie.</summary>
    private async Task<(HttpClient Client, HttpResponseMessage Page)> AuthorizePageAsync(string challenge)
    {
        var client = new HttpClient(new CookieContainerHandler(fixture.TestServer.CreateHandler())) { BaseAddress = new Uri("https://localhost") };
        var page = await client.GetAsync(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(
            $"/{fixture.Deployment.TenantId}/oauth2/v2.0/authorize", AuthorizeQuery(challenge)));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return (client, page);
    }

    private async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, HttpResponseMessage page, string userName, string password)
    {
        var html = await page.Content.ReadAsStringAsync();
        var fields = HiddenField().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        fields["username"] = userName;
        fields["password"] = password;
        return await client.PostAsync($"/{fixture.Deployment.TenantId}/oauth2/v2.0/authorize", new FormUrlEncodedContent(fields));
    }

    private async Task<string> SignInAsync(string userName, string password, string challenge)
    {
        var (client, page) = await AuthorizePageAsync(challenge);
        var response = await PostSignInAsync(client, page, userName, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(RedirectUri + "?", location.ToString(), StringComparison.Ordinal);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("state-1", query["state"]);
        return query["code"]!;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> RedeemAsync(string code, string verifier)
    {
        var response = await fixture.TestServer.CreateClient().PostAsync($"https://localhost/{fixture.Deployment.TenantId}/oauth2/v2.0/token",
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code",
                ["client_id"] = PortalClient.ClientId,
                ["code"] = code,
                ["redirect_uri"] = RedirectUri,
                ["code_verifier"] = verifier,
            }));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenField();
}
