namespace Coffer.Core.Auth;

/// <summary>
/// A person who signs in to the portal: a principal with an object id, as a client is, and a PBKDF2 hash of their
/// password (<see cref="ClientSecretHasher"/>). <see cref="UserName"/> is the sign-in name, stored in lower case.
/// </summary>
public sealed record UserAccount(
    string UserName,
    string ObjectId,
    string TenantId,
    string DisplayName,
    string PasswordHash,
    bool IsAdmin,
    DateTimeOffset CreatedOn);
