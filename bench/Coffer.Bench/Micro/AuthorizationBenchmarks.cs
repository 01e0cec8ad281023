using BenchmarkDotNet.Attributes;
using Coffer.Core.Authorization;
using Coffer.Core.Storage;
using Coffer.Server.Authorization;

namespace Coffer.Bench.Micro;

/// <summary>
/// What authorization adds to every data-plane request once a vault's access is cached: the cache lookup and
/// the decision, for a vault with 50 access policies or 50 role assignments.
/// </summary>
[MemoryDiagnoser]
public class AuthorizationBenchmarks
{
    private const string Tenant = "00000000-0000-0000-0000-000000000001";
    private readonly string _caller = Guid.NewGuid().ToString();
    private VaultAccessCache _policies = null!;
    private VaultAccessCache _rbac = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var principals = Enumerable.Range(0, 49).Select(_ => Guid.NewGuid().ToString()).Append(_caller).ToList();
        var policies = principals.Select(p => new AccessPolicy(Tenant, p, ["get", "list"], ["get", "list", "set"], [])).ToList();
        var roles = new[] { BuiltInRoles.Reader, BuiltInRoles.CryptoUser, BuiltInRoles.SecretsUser };
        var assignments = principals.Select((p, i) => new RoleAssignment(Guid.NewGuid().ToString(), roles[i % roles.Length].Id, p, "/", DateTimeOffset.UnixEpoch)).ToList();
        _policies = new VaultAccessCache(new FixedStore(new VaultAccess(VaultAuthorizationMode.AccessPolicies, policies, [])));
        _rbac = new VaultAccessCache(new FixedStore(new VaultAccess(VaultAuthorizationMode.Rbac, [], assignments)));
        await _policies.GetAsync("bench", CancellationToken.None);
        await _rbac.GetAsync("bench", CancellationToken.None);
    }

    [Benchmark(Baseline = true)]
    public async Task<bool> AccessPolicySecretGet() =>
        (await _policies.GetAsync("bench", CancellationToken.None)).PolicyAllows(Tenant, _caller, null, "secrets", "get");

    [Benchmark]
    public async Task<bool> RbacSecretGet() =>
        (await _rbac.GetAsync("bench", CancellationToken.None)).RbacAllows(_caller, null, "Microsoft.KeyVault/vaults/secrets/getSecret/action");

    private sealed class FixedStore(VaultAccess access) : IVaultAccessStore
    {
        public Task<VaultAccess?> GetAsync(string vault, CancellationToken cancellationToken) => Task.FromResult<VaultAccess?>(access);

        public Task<bool> SetModeAsync(string vault, VaultAuthorizationMode mode, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<AccessPolicy>?> UpdatePoliciesAsync(string vault, Func<IReadOnlyList<AccessPolicy>, IReadOnlyList<AccessPolicy>> change, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<bool> CreateAssignmentAsync(string vault, RoleAssignment assignment, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> DeleteAssignmentAsync(string vault, string id, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
