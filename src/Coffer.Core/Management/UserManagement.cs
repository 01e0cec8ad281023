using System.Text.RegularExpressions;
using Coffer.Core.Auth;
using Coffer.Core.Errors;
using Coffer.Core.Storage;

namespace Coffer.Core.Management;

/// <summary>
/// Users (people who sign in to the portal) of the built-in authority: create one with a password (stored as a PBKDF2
/// hash, as client secrets are), list, delete, and check a sign-in. What a user may do is up to each vault, as for a client.
/// </summary>
public sealed partial class UserManagement(IUserStore store, ManagementDefaults defaults, TimeProvider time)
{
    public const int MinimumPasswordLength = 12;

    // A PBKDF2 hash to check when the name is unknown, so a sign-in takes as long whether or not the user exists.
    private static readonly string AbsentUserHash = ClientSecretHasher.Hash(ClientSecretHasher.NewSecret());

    /// <summary>The new user and their password (<paramref name="password"/>, or a generated one when null); 400 for a bad name or a short password, 409 when the name is taken.</summary>
    public async Task<(UserAccount User, string Password)> CreateAsync(string? userName, string? displayName, string? password, bool admin,
        CancellationToken cancellationToken)
    {
        var name = Normalize(userName);
        if (name is null)
        {
            throw KeyVaultErrors.BadParameter("A user name is 1-64 characters: letters, digits, '.', '_', '-' or '@', starting with a letter or digit.");
        }

        var display = string.IsNullOrWhiteSpace(displayName) ? name : displayName.Trim();
        if (display.Length > 120 || display.Any(char.IsControl))
        {
            throw KeyVaultErrors.BadParameter("A display name is 1-120 printable characters.");
        }

        password ??= ClientSecretHasher.NewSecret();
        if (password.Length < MinimumPasswordLength)
        {
            throw KeyVaultErrors.BadParameter($"A password is at least {MinimumPasswordLength} characters.");
        }

        var user = new UserAccount(name, Guid.NewGuid().ToString(), defaults.TenantId, display, ClientSecretHasher.Hash(password), admin, time.GetUtcNow());
        if (!await store.CreateAsync(user, cancellationToken))
        {
            throw new KeyVaultException(409, "Conflict", $"A user named {name} already exists.");
        }

        return (user, password);
    }

    public Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken cancellationToken) => store.ListAsync(cancellationToken);

    /// <summary>404 (<c>UserNotFound</c>) when there is none.</summary>
    public async Task DeleteAsync(string userName, CancellationToken cancellationToken)
    {
        if (Normalize(userName) is not { } name || !await store.DeleteAsync(name, cancellationToken))
        {
            throw new KeyVaultException(404, "UserNotFound", $"No user named {userName}.");
        }
    }

    /// <summary>The user when the name and password match, else null (the same work either way).</summary>
    public async Task<UserAccount?> SignInAsync(string? userName, string? password, CancellationToken cancellationToken)
    {
        var user = Normalize(userName) is { } name ? await store.FindAsync(name, cancellationToken) : null;
        var matches = ClientSecretHasher.Verify(password ?? string.Empty, user?.PasswordHash ?? AbsentUserHash);
        return matches && user is not null && string.Equals(user.TenantId, defaults.TenantId, StringComparison.OrdinalIgnoreCase) ? user : null;
    }

    public Task<UserAccount?> FindAsync(string userName, CancellationToken cancellationToken) =>
        Normalize(userName) is { } name ? store.FindAsync(name, cancellationToken) : Task.FromResult<UserAccount?>(null);

    private static string? Normalize(string? userName)
    {
        var name = userName?.Trim().ToLowerInvariant();
        return name is not null && UserNamePattern().IsMatch(name) ? name : null;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._@-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex UserNamePattern();
}
