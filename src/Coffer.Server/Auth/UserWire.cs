using Coffer.Core.Auth;

namespace Coffer.Server.Auth;

/// <summary>Body of <c>POST /_coffer/users</c>; without a password the server makes one and answers it once.</summary>
public sealed record UserCreateParameters(string? UserName, string? DisplayName, string? Password, bool? Admin);

/// <summary>A user as the management API shows it (never the password's hash); <see cref="Password"/> only when the server made it.</summary>
public sealed record UserDescription(string UserName, string ObjectId, string TenantId, string DisplayName, bool IsAdmin, long CreatedOn, string? Password = null)
{
    public static UserDescription From(UserAccount user, string? password = null) =>
        new(user.UserName, user.ObjectId, user.TenantId, user.DisplayName, user.IsAdmin, user.CreatedOn.ToUnixTimeSeconds(), password);
}

public sealed record UserList(IReadOnlyList<UserDescription> Value);
