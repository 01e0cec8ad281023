using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Coffer.Core.Auth;
using Coffer.Server.Auth;
using Coffer.Server.Hosting;

namespace Coffer.Bench.Micro;

/// <summary>Checking a bearer token, which every data-plane request pays before anything else.</summary>
[MemoryDiagnoser]
public class TokenValidatorBenchmarks
{
    private RSA _signingKey = null!;
    private TokenValidator _validator = null!;
    private string _token = "";

    [GlobalSetup]
    public void Setup()
    {
        var options = new CofferOptions();
        _signingKey = RSA.Create(2048);
        var issuer = new TokenIssuer(_signingKey, options, TimeProvider.System);
        _validator = new TokenValidator(issuer, options, new VaultResource(options.DnsSuffix));
        var tenant = Guid.NewGuid().ToString();
        var client = new ClientRegistration(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), tenant, "bench", "unused", true, DateTimeOffset.UtcNow);
        _token = issuer.Issue(client, options.Resource);
    }

    [GlobalCleanup]
    public void Cleanup() => _signingKey.Dispose();

    [Benchmark]
    public async Task<bool> Validate() => (await _validator.ValidateAsync(_token)).Caller is not null;
}
