using Coffer.Core.Management;
using Coffer.Server.Vaults;
using Coffer.Server.Wire;

namespace Coffer.Server.Auth;

/// <summary>
/// <c>/_coffer/users</c> (admins only): create a user who signs in to the portal (the password stored only as a hash),
/// list them, delete one, through <see cref="UserManagement"/>. What a user may do is up to each vault, as for a client.
/// </summary>
internal static class UserEndpoints
{
    public static void MapUsers(this IEndpointRouteBuilder routes)
    {
        var users = routes.MapGroup("/_coffer/users").WithMetadata(AdminEndpoint.Instance);
        users.MapPost("/", CreateAsync);
        users.MapGet("/", async (UserManagement management, CancellationToken cancellationToken) => TypedResults.Json(
            new UserList((await management.ListAsync(cancellationToken)).Select(u => UserDescription.From(u)).ToList()), WireJsonContext.Default.UserList));
        users.MapDelete("/{userName}", async (string userName, UserManagement management, CancellationToken cancellationToken) =>
        {
            await management.DeleteAsync(userName, cancellationToken);
            return TypedResults.NoContent();
        });
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, UserManagement management)
    {
        var body = await RequestJson.ReadAsync(request, WireJsonContext.Default.UserCreateParameters);
        var (user, password) = await management.CreateAsync(body.UserName, body.DisplayName, body.Password, body.Admin ?? false, request.HttpContext.RequestAborted);
        return TypedResults.Json(UserDescription.From(user, body.Password is null ? password : null), WireJsonContext.Default.UserDescription,
            statusCode: StatusCodes.Status201Created);
    }
}
