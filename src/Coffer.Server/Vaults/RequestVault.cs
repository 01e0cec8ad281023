using System.Reflection;
using Coffer.Core.Vaults;
using Coffer.Server.Auth;

namespace Coffer.Server.Vaults;

/// <summary>
/// The vault a data-plane request addresses, who is calling, and the base URL object ids are built
/// from (the scheme, host and port the client used, as Azure does). Set by <see cref="DataPlaneMiddleware"/>.
/// </summary>
public sealed record RequestVault(Vault Vault, CallerIdentity Caller, string ApiVersion, string BaseUrl)
{
    public static ValueTask<RequestVault?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult(context.Features.Get<RequestVault>());

    public string ObjectId(string collection, string name, string version) => $"{BaseUrl}/{collection}/{name}/{version}";

    public string DeletedObjectId(string collection, string name) => $"{BaseUrl}/deleted{collection}/{name}";
}
