using Coffer.Core.Auth;
using Coffer.Core.Errors;
using Coffer.Core.Storage;

namespace Coffer.Core.Management;

/// <summary>Clients (service principals) of the built-in authority: register one (its secret is returned once and stored as a hash), list, delete.</summary>
public sealed class ClientManagement(IClientStore store, ManagementDefaults defaults, TimeProvider time)
{
    /// <summary>The new client and its secret; 400 for a missing or unprintable name.</summary>
    public async Task<(ClientRegistration Client, string Secret)> CreateAsync(string? displayName, bool admin, CancellationToken cancellationToken)
    {
        var name = displayName?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 120 || name.Any(char.IsControl))
        {
            throw KeyVaultErrors.BadParameter("A client needs a name (1-120 printable characters).");
        }

        var secret = ClientSecretHasher.NewSecret();
        var client = new ClientRegistration(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), defaults.TenantId, name,
            ClientSecretHasher.Hash(secret), admin, time.GetUtcNow());
        await store.CreateAsync(client, cancellationToken);
        return (client, secret);
    }

    public Task<IReadOnlyList<ClientRegistration>> ListAsync(CancellationToken cancellationToken) => store.ListAsync(cancellationToken);

    /// <summary>409 for the default client, 404 (<c>ClientNotFound</c>) when there is none.</summary>
    public async Task DeleteAsync(string clientId, CancellationToken cancellationToken)
    {
        if (string.Equals(clientId, defaults.DefaultClientId, StringComparison.OrdinalIgnoreCase))
        {
            throw new KeyVaultException(409, "Conflict", "The default client cannot be deleted.");
        }

        if (!await store.DeleteAsync(clientId, cancellationToken))
        {
            throw new KeyVaultException(404, "ClientNotFound", $"No client with id {clientId}.");
        }
    }
}
