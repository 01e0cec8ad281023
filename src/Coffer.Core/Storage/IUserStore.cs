using Coffer.Core.Auth;

namespace Coffer.Core.Storage;

/// <summary>Users (people) of the built-in authority, keyed by their sign-in name.</summary>
public interface IUserStore
{
    /// <summary>False when the name or the object id is taken (a constraint, so two racing creates cannot both succeed).</summary>
    Task<bool> CreateAsync(UserAccount user, CancellationToken cancellationToken);

    Task<UserAccount?> FindAsync(string userName, CancellationToken cancellationToken);

    /// <summary>In creation order.</summary>
    Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string userName, CancellationToken cancellationToken);
}
