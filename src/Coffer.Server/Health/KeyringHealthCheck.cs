using System.Security.Cryptography;
using Coffer.Core.Crypto;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Coffer.Server.Health;

/// <summary>The keyring is unsealed: its active data key seals and opens a probe.</summary>
internal sealed class KeyringHealthCheck(EnvelopeSealer sealer) : IHealthCheck
{
    private const string Context = "coffer-health-probe";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var probe = RandomNumberGenerator.GetBytes(16);
            var opened = sealer.Open(sealer.Seal(probe, Context), Context);
            return Task.FromResult(opened.AsSpan().SequenceEqual(probe)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The keyring does not open what it seals."));
        }
        catch (CryptographicException e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The keyring is not usable.", e));
        }
    }
}
