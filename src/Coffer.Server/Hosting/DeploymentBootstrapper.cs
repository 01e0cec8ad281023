using System.Text;
using Coffer.Core.Auth;
using Coffer.Core.Authorization;
using Coffer.Core.Crypto;
using Coffer.Core.Storage;
using Coffer.Core.Vaults;

namespace Coffer.Server.Hosting;

/// <summary>
/// Creates, once per database, the default tenant, subscription, vault and admin client, and reads them
/// back on every later start. Each is inserted only if absent and then read back, so nodes starting
/// together on one database agree on them. The default client's secret is kept sealed so that each
/// start can print it again; other clients' secrets are only ever stored hashed.
/// </summary>
internal sealed class DeploymentBootstrapper(
    CofferOptions options,
    ISettingStore settings,
    IVaultStore vaults,
    IClientStore clients,
    EnvelopeSealer sealer,
    TimeProvider time)
{
    private const string ClientSecretContext = "setting:default-client-secret";

    public async Task<Deployment> EnsureAsync(CancellationToken cancellationToken)
    {
        var tenant = await settings.GetOrAddAsync("default-tenant-id", Guid.NewGuid().ToString(), cancellationToken);
        var subscription = await settings.GetOrAddAsync("default-subscription-id", Guid.NewGuid().ToString(), cancellationToken);
        var vaultName = await settings.GetOrAddAsync("default-vault", options.DefaultVaultName.ToLowerInvariant(), cancellationToken);
        var now = time.GetUtcNow();
        var clientId = await settings.GetOrAddAsync("default-client-id", Guid.NewGuid().ToString(), cancellationToken);
        var candidate = Convert.ToBase64String(sealer.Seal(Encoding.UTF8.GetBytes(ClientSecretHasher.NewSecret()), ClientSecretContext));
        var sealedSecret = await settings.GetOrAddAsync("default-client-secret", candidate, cancellationToken);
        var secret = Encoding.UTF8.GetString(sealer.Open(Convert.FromBase64String(sealedSecret), ClientSecretContext));
        var client = await clients.FindAsync(clientId, cancellationToken);
        if (client is null)
        {
            client = new ClientRegistration(clientId, Guid.NewGuid().ToString(), tenant, "coffer-admin", ClientSecretHasher.Hash(secret), true, now);
            if (!await clients.CreateAsync(client, cancellationToken))
            {
                // Another node starting on the same database created it first: its object id is the one policies name.
                client = await clients.FindAsync(clientId, cancellationToken)
                    ?? throw new InvalidOperationException($"The default client {clientId} was created and is gone again.");
            }
        }

        if (await vaults.GetAsync(vaultName, cancellationToken) is null)
        {
            // As the portal does for a vault's creator: the default client may do everything in the default vault.
            await vaults.CreateAsync(
                new Vault(vaultName, tenant, subscription, options.DefaultLocation, options.DefaultRetentionDays, false, now),
                [AccessPolicy.All(tenant, client.ObjectId, issuer: null)],
                cancellationToken);
        }

        return new Deployment(tenant, subscription, vaultName, clientId, secret);
    }
}
