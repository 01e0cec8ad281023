using Coffer.Core.Auth;

namespace Coffer.Core.Storage;

/// <summary>Registered clients (service principals) of the built-in token issuer.</summary>
public interface IClientStore
{
    Task<bool> CreateAsync(ClientRegistration client, CancellationToken cancellationToken);

    Task<ClientRegistration?> FindAsync(string clientId, CancellationToken cancellationToken);

    Task<IReadOnlyList<ClientRegistration>> ListAsync(CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string clientId, CancellationToken cancellationToken);
}
