using Azure;
using Coffer.Client.Management;
using Coffer.Core.Authorization;

namespace Coffer.Server.Tests.Authorization;

/// <summary>
/// For every data-plane operation, in both modes: a principal with exactly the operation's permission (or a role
/// with its data action) gets through; a principal with every other permission (every role without the action)
/// gets Azure's 403 — Forbidden, with AccessDenied or ForbiddenByRbac and the permission or action named.
/// </summary>
public sealed class PermissionMatrixTests(PermissionMatrixFixture fixture) : IClassFixture<PermissionMatrixFixture>
{
    private static readonly Dictionary<string, OperationCase> Cases =
        SecretOperationCases.All().Concat(KeyOperationCases.All()).Concat(CertificateOperationCases.All()).ToDictionary(c => c.Name);

    public static TheoryData<string> Operations => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task AccessPolicy_ExactlyThePermission_Allows_EveryOtherPermission_Returns403(string operation)
    {
        var c = Cases[operation];
        var with = await fixture.WithPolicyAsync($"{c.Area}.{c.Permission}", Lists(c.Area, p => p == c.Permission));
        var without = await fixture.WithPolicyAsync($"all-but-{c.Area}.{c.Permission}", AllBut(c.Area, c.Permission));

        await AssertAllowedAsync(c, fixture.PolicyAdmin, with);
        var denied = await AssertDeniedAsync(c, fixture.PolicyAdmin, without);

        var (message, inner) = ErrorOf(denied);
        Assert.Equal("AccessDenied", inner);
        Assert.Contains($"does not have {c.Area} {c.Permission} permission on key vault '{fixture.PolicyVault};location=", message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Rbac_ARoleWithTheDataAction_Allows_EveryOtherRole_Returns403(string operation)
    {
        var c = Cases[operation];
        var granting = BuiltInRoles.All.Where(r => r.Allows(c.RbacAction))
            .OrderBy(r => r == BuiltInRoles.Administrator).ThenBy(r => r.DataActions.Count).First();
        var with = await fixture.WithRolesAsync(granting.RoleName, [granting]);
        var without = await fixture.WithRolesAsync("all-but-" + c.RbacAction, BuiltInRoles.All.Where(r => !r.Allows(c.RbacAction)));

        await AssertAllowedAsync(c, fixture.RbacAdmin, with);
        var denied = await AssertDeniedAsync(c, fixture.RbacAdmin, without);

        var (message, inner) = ErrorOf(denied);
        Assert.Equal("ForbiddenByRbac", inner);
        Assert.Contains($"\r\nAction: '{c.RbacAction}'\r\n", message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryPermissionOfEveryArea_HasAnOperationInTheMatrix_ExceptTheIssuerUmbrella()
    {
        var covered = Cases.Values.Select(c => (c.Area, c.Permission)).ToHashSet();
        var missing = new[] { "keys", "secrets", "certificates" }
            .SelectMany(area => AccessPolicyPermissions.Of(area).Select(p => (Area: area, Permission: p)))
            .Where(p => !covered.Contains(p) && p != ("certificates", "manageissuers"));

        Assert.Empty(missing);
    }

    internal static AccessPolicyPermissionsInfo Lists(string area, Func<string, bool> keep) => new(
        AccessPolicyPermissions.Keys.Where(p => area == "keys" && keep(p)).ToList(),
        AccessPolicyPermissions.Secrets.Where(p => area == "secrets" && keep(p)).ToList(),
        AccessPolicyPermissions.Certificates.Where(p => area == "certificates" && keep(p)).ToList());

    /// <summary>Every permission of every area but the one (and, for an issuer permission, <c>manageissuers</c>, which covers it).</summary>
    private static AccessPolicyPermissionsInfo AllBut(string area, string permission)
    {
        bool Excluded(string a, string p) => a == area && (p == permission || (AccessPolicyPermissions.IsIssuerPermission(permission) && p == "manageissuers"));
        return new(
            AccessPolicyPermissions.Keys.Where(p => !Excluded("keys", p)).ToList(),
            AccessPolicyPermissions.Secrets.Where(p => !Excluded("secrets", p)).ToList(),
            AccessPolicyPermissions.Certificates.Where(p => !Excluded("certificates", p)).ToList());
    }

    /// <summary>The error's message and innererror code, from the response body the SDK or the raw client got.</summary>
    internal static (string Message, string? Inner) ErrorOf(RequestFailedException e)
    {
        var body = e.GetRawResponse()?.Content.ToString() ?? e.Message;
        var error = System.Text.Json.Nodes.JsonNode.Parse(body)!["error"]!;
        return (error["message"]!.GetValue<string>(), error["innererror"]?["code"]?.GetValue<string>());
    }

    private static string NewName() => $"m{Guid.NewGuid():N}"[..20];

    private static async Task AssertAllowedAsync(OperationCase c, Actor admin, Actor caller)
    {
        if (c.AllowedStatus is { } status)
        {
            var error = await Assert.ThrowsAsync<RequestFailedException>(() => c.Run(admin, caller, NewName()));
            Assert.Equal(status, error.Status);
        }
        else
        {
            await c.Run(admin, caller, NewName());
        }
    }

    private static async Task<RequestFailedException> AssertDeniedAsync(OperationCase c, Actor admin, Actor caller)
    {
        var denied = await Assert.ThrowsAsync<RequestFailedException>(() => c.Run(admin, caller, NewName()));
        Assert.Equal((403, "Forbidden"), (denied.Status, denied.ErrorCode));
        return denied;
    }
}
